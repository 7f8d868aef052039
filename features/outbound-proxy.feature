@spec-6.1 @spec-6.5 @D18
Feature: Sending the REGISTER through an outbound proxy
  A record with a proxy sends its REGISTER to the proxy, but the request is still addressed to
  the registrar: the Request-URI is the registrar URI and no Route header is added (§6.1: the
  proxy is only the next hop). The next hop (the proxy if set, else the registrar) is resolved
  again for every new transaction, with no pinning to an address that answered before (D18);
  reg_list shows the destination last used (`dst_IP`, `ip`) and the socket it left from.

  The engine listens on udp:10.0.0.1:5060 and starts at second 0 with timer_interval 100 and
  hash_size 1: alice's bucket (0 of 2) is visited on seconds 50, 150, 250 and so on. She asks
  for 300 seconds with P = 100, so her refresh goes out on second 50 + 300 - 100 = 250. The
  registrar example.org is at 10.0.0.2; the simulated registrar also answers on the proxy's
  addresses, so whatever reaches the proxy is registered.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 300 and no credentials
    And the registrar accepts everyone

  Scenario: The REGISTER goes to the proxy, addressed to the registrar
    Given the record of alice has proxy "sip:proxy.example.org"
    And the name proxy.example.org resolves to 10.0.0.3
    And the simulated registrar also answers on udp:10.0.0.3:5060
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 1 went from udp:10.0.0.1:5060 to udp:10.0.0.3:5060
    And the REGISTER of alice at second 50 with CSeq 1 had the Request-URI sip:example.org
    And the REGISTER of alice at second 50 with CSeq 1 carried the headers:
      | header | value  |
      | Route  | absent |
    And alice is in state REGISTERED_STATE
    And reg_list shows alice with:
      | field  | value                 |
      | proxy  | sip:proxy.example.org |
      | socket | udp:10.0.0.1:5060     |
      | dst_IP | IPv4                  |
      | ip     | 10.0.0.3              |

  Scenario: Without a proxy the REGISTER goes to the registrar itself
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 1 went from udp:10.0.0.1:5060 to udp:10.0.0.2:5060
    And reg_list shows alice with:
      | field | value    |
      | proxy | absent   |
      | ip    | 10.0.0.2 |

  Scenario: The proxy's name is resolved again for every transaction: no pinning
    OpenSIPS would pin the address that answered the first REGISTER (10.0.0.3) and send the
    refresh there without asking DNS again; D18 resolves again, so after the proxy moved to
    10.0.0.4 on second 100 the refresh of second 250 goes to the new address.

    Given the record of alice has proxy "sip:proxy.example.org"
    And the name proxy.example.org resolves to 10.0.0.3
    And the simulated registrar also answers on udp:10.0.0.3:5060
    And the simulated registrar also answers on udp:10.0.0.4:5060
    When the clock reaches second 100
    And the name proxy.example.org now resolves to 10.0.0.4
    And the clock runs to the end of second 250
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 200    |
      | 250    | #1      | 2    | no          | 200    |
    And the REGISTER of alice at second 50 with CSeq 1 went from udp:10.0.0.1:5060 to udp:10.0.0.3:5060
    And the REGISTER of alice at second 250 with CSeq 2 went from udp:10.0.0.1:5060 to udp:10.0.0.4:5060
    And reg_list shows alice with:
      | field | value    |
      | ip    | 10.0.0.4 |

  @D21 @spec-9.2
  Scenario: reg_list shows the last REGISTER sent and the next action time as C ctime text
    The suite runs in UTC and starts on Thursday 1 January 2026 at midnight. alice's REGISTER
    goes out on second 50 (00:00:50) and the 200 makes TO = 50 + 300 - 100 = 250 (00:04:10).

    When the clock runs to the end of second 50
    Then reg_list shows alice with:
      | field              | value                    |
      | last_register_sent | Thu Jan  1 00:00:50 2026 |
      | registration_t_out | Thu Jan  1 00:04:10 2026 |
      | expires            | 300                      |
