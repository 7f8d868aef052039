@D35
Feature: Learning the public address from the registrar's Via
  A registrar writes into the top Via of our REGISTER the address it came from (received,
  RFC 3261 §18.2.1) and, since we ask for it, the port (rport, RFC 3581). When those differ from
  the Contact we registered, a NAT sits between us: requests for the binding would go to a
  private address nobody outside can reach. OpenSIPS ignores them (spec N8). With
  learn_received = 1, a 2xx that registers the record and says so makes every later REGISTER
  and unREGISTER of the record carry a Contact with the learned address and port instead; the
  binding in the 2xx is then looked for under that Contact.

  When this is wrong: when the registrar or an SBC on the way already fixes NATed contacts
  (OpenSIPS fix_nated_contact, Path, RFC 5626 outbound), when the address learned is an SBC's or
  a proxy's rather than our NAT's, and behind a NAT that maps each destination differently
  (symmetric NAT). That is why it is off by default. The binding of the old Contact is not
  removed: it runs out at its expiry.

  Here T = 100 and hash_size = 1: alice registers on second 50 and refreshes on second 3550.
  The registrar answers her first REGISTER with a 200 whose Via carries <via params>, and
  accepts the rest as usual.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600

  @row-2xx-registered @row-visit-refresh
  Scenario Outline: <what>: the refresh carries Contact <contact>
    Given learn_received is <learn>
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - raw:
                text: |+
                  SIP/2.0 200 OK
                  Via: SIP/2.0/UDP 10.0.0.1:5060;branch=${branch};<via params>
                  From: ${from}
                  To: ${to};tag=${to-tag}
                  Call-ID: ${call-id}
                  CSeq: ${cseq}
                  Contact: ${contact}
                  Content-Length: 0

            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 3550
    Then alice's REGISTER of second 50 carried Contact "<sip:alice@10.0.0.1:5060>;expires=3600"
    And alice's REGISTER of second 3550 carried Contact "<contact>;expires=3600"
    And alice is in state REGISTERED_STATE
    And reg_list shows alice with expires 3600

    Examples:
      | what                                   | learn | via params                           | contact                          |
      | a NAT changed address and port         | 1     | received=203.0.113.7;rport=40123     | <sip:alice@203.0.113.7:40123>    |
      | a NAT changed only the port            | 1     | rport=40123                          | <sip:alice@10.0.0.1:40123>       |
      | no NAT: the registrar saw our Contact  | 1     | rport=5060                           | <sip:alice@10.0.0.1:5060>        |
      | a NAT changed only the address         | 1     | received=203.0.113.7;rport=5060      | <sip:alice@203.0.113.7:5060>     |
      | received without rport keeps the port  | 1     | received=203.0.113.7                 | <sip:alice@203.0.113.7:5060>     |
      | an IPv6 NAT64 address                  | 1     | received=2001:db8::7;rport=40123     | <sip:alice@[2001:db8::7]:40123>  |
      | learn_received = 0, as OpenSIPS        | 0     | received=203.0.113.7;rport=40123     | <sip:alice@10.0.0.1:5060>        |

  @row-2xx-registered @row-disable-unregister @row-2xx-unregistered
  Scenario: The unREGISTER removes the binding under the learned Contact
    Given learn_received is 1
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - raw:
                text: |+
                  SIP/2.0 200 OK
                  Via: SIP/2.0/UDP 10.0.0.1:5060;branch=${branch};received=203.0.113.7;rport=40123
                  From: ${from}
                  To: ${to};tag=${to-tag}
                  Call-ID: ${call-id}
                  CSeq: ${cseq}
                  Contact: ${contact}
                  Content-Length: 0

            - accept: {}
              repeat: forever
      """
    When the clock reaches second 100
    And the operator disables alice
    And the clock runs to the end of second 100
    Then alice's REGISTER of second 100 carried Contact "<sip:alice@203.0.113.7:40123>;expires=0"
    And alice is in state NOT_REGISTERED_STATE
