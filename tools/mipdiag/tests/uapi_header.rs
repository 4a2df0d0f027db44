//! The C uapi header and the Rust ABI must agree: compile the header with the system C
//! compiler and compare every ioctl number and structure size with `mip6::abi`.

use std::process::Command;

#[test]
fn c_header_matches_rust_abi() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let dir = std::env::temp_dir().join(format!("mip6-uapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("probe.c");
    std::fs::write(
        &src,
        r#"#include <stdio.h>
#include <stddef.h>
#include <linux/mipv6.h>
int main(void) {
    printf("%u %u %u %zu %zu %d %d %d %d %u %u %zu %zu %zu %zu %d %d\n",
        (unsigned)MIPV6_IOC_GET_VERSION, (unsigned)MIPV6_IOC_GET_ROLE, (unsigned)MIPV6_IOC_SET_ROLE,
        sizeof(struct mipv6_version), offsetof(struct mipv6_version, release),
        MIPV6_ABI_VERSION, MIPV6_ROLE_CN, MIPV6_ROLE_MN, MIPV6_ROLE_HA,
        (unsigned)MIPV6_IOC_GET_STATS, (unsigned)MIPV6_IOC_GET_BCACHE,
        sizeof(struct mipv6_stats), sizeof(struct mipv6_bcache_entry),
        offsetof(struct mipv6_bcache_entry, lifetime_left), sizeof(struct mipv6_dump),
        MIPV6_STAT_COUNT, MIPV6_BCACHE_HOME_REGISTRATION);
    printf("%u %u %zu %zu %zu %zu %zu %d\n",
        (unsigned)MIPV6_IOC_MN_SET_HOME, (unsigned)MIPV6_IOC_MN_GET_INFO,
        sizeof(struct mipv6_mn_home), offsetof(struct mipv6_mn_home, home_plen),
        sizeof(struct mipv6_mn_info), offsetof(struct mipv6_mn_info, seq),
        offsetof(struct mipv6_mn_info, status), MIPV6_BUL_FAILED);
    printf("%u %zu %zu %zu %zu %d %d\n",
        (unsigned)MIPV6_IOC_MN_GET_CNS, sizeof(struct mipv6_mn_cns), sizeof(struct mipv6_mn_cn),
        offsetof(struct mipv6_mn_cn, expires), offsetof(struct mipv6_mn_cns, cn),
        MIPV6_MN_MAX_CNS, MIPV6_BUL_RR);
    printf("%u %u %u %zu %zu %zu %zu %d %d %d\n",
        (unsigned)MIPV6_IOC_SET_POLICY, (unsigned)MIPV6_IOC_DEL_POLICY, (unsigned)MIPV6_IOC_GET_POLICY,
        sizeof(struct mipv6_policy), offsetof(struct mipv6_policy, spi), offsetof(struct mipv6_policy, key),
        sizeof(struct mipv6_policy_entry), MIPV6_POLICY_UNAUTHENTICATED, MIPV6_KEY_MAX, MIPV6_POLICY_MAX);
    return 0;
}
"#,
    )
    .unwrap();
    let exe = dir.join("probe");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let st = Command::new(&cc)
        .args([
            "-Wall",
            "-Werror",
            "-I",
            &format!("{root}/include/uapi"),
            "-o",
        ])
        .arg(&exe)
        .arg(&src)
        .status()
        .unwrap_or_else(|e| panic!("C compiler '{cc}' is needed for this test: {e}"));
    assert!(st.success(), "the uapi header does not compile");
    let out = String::from_utf8(Command::new(&exe).output().unwrap().stdout).unwrap();
    let v: Vec<u64> = out.split_whitespace().map(|s| s.parse().unwrap()).collect();
    use mip6::abi;
    assert_eq!(
        v,
        vec![
            abi::IOC_GET_VERSION as u64,
            abi::IOC_GET_ROLE as u64,
            abi::IOC_SET_ROLE as u64,
            abi::Version::SIZE as u64,
            8,
            abi::ABI_VERSION as u64,
            abi::Role::Cn as u64,
            abi::Role::Mn as u64,
            abi::Role::Ha as u64,
            abi::IOC_GET_STATS as u64,
            abi::IOC_GET_BCACHE as u64,
            abi::STATS_SIZE as u64,
            abi::BcacheEntry::SIZE as u64,
            32,
            abi::DumpRequest::SIZE as u64,
            abi::STAT_NAMES.len() as u64,
            abi::bcache_type::HOME_REGISTRATION as u64,
            abi::IOC_MN_SET_HOME as u64,
            abi::IOC_MN_GET_INFO as u64,
            abi::MnHome::SIZE as u64,
            48,
            abi::MnInfo::SIZE as u64,
            68,
            74,
            abi::bul_state::FAILED as u64,
            abi::IOC_MN_GET_CNS as u64,
            abi::MnCns::SIZE as u64,
            abi::MnCns::ENTRY as u64,
            32,
            8,
            abi::MAX_MN_CNS as u64,
            abi::bul_state::RR as u64,
            abi::IOC_SET_POLICY as u64,
            abi::IOC_DEL_POLICY as u64,
            abi::IOC_GET_POLICY as u64,
            abi::Policy::SIZE as u64,
            20,
            24,
            abi::PolicyEntry::SIZE as u64,
            abi::POLICY_UNAUTHENTICATED as u64,
            abi::KEY_MAX as u64,
            abi::POLICY_MAX as u64,
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
