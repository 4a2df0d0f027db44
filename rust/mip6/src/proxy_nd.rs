//! Proxy Neighbour Discovery (RFC 6275 §10.4.1, RFC 4861 §7.2.4): the home agent answers
//! Neighbour Solicitations for the home addresses it serves while their nodes are away,
//! and a mobile node at home answers them for its home address, which sits on its tunnel
//! device rather than on the link.

/// All-nodes multicast, ff02::1.
pub const ALL_NODES: [u8; 16] = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/// Where the Neighbour Advertisement answering a solicitation from `src` goes, and whether
/// it is flagged solicited: a DAD probe (from the unspecified address) is answered to
/// all-nodes, unsolicited, which tells the prober the address is in use; any other
/// solicitation is answered to its source.
pub fn answer_to(src: &[u8; 16]) -> ([u8; 16], bool) {
    if *src == [0; 16] {
        (ALL_NODES, false)
    } else {
        (*src, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dad_probes_are_answered_to_all_nodes_unsolicited() {
        assert_eq!(answer_to(&[0; 16]), (ALL_NODES, false));
    }

    #[test]
    fn other_solicitations_are_answered_to_their_source() {
        let src = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7];
        assert_eq!(answer_to(&src), (src, true));
    }
}
