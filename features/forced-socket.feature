@spec-2.1 @spec-6.5 @D19
Feature: Sending from a forced socket
  A record's forced_socket names the listening socket its REGISTERs must leave from, written
  proto:host:port. It must exist, and its protocol must be the one the next hop needs: the
  proxy's or registrar's `;transport=` parameter, else TLS for a sips: URI, else UDP. A record
  whose forced socket does not exist or does not fit is refused at load time with the reason,
  and the other records load and register as usual (D19).

  The engine listens on udp:10.0.0.1:5060 and tcp:10.0.0.1:5060 and, in these scenarios, also on
  udp:10.0.0.1:5070; the registrar listens on UDP and TCP. It starts at second 0 with timer_interval 100 and hash_size 1; alice, bob
  and carol are all first visited within the first 100 seconds. The registrar example.org is at
  10.0.0.2.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And the engine also listens on udp:10.0.0.1:5070
    And the registrar accepts everyone

  Scenario: The REGISTER leaves from the forced socket, not from the first UDP socket
    Given alice registers to example.org with expiry 3600 and no credentials
    And the record of alice has forced_socket "udp:10.0.0.1:5070"
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 1 went from udp:10.0.0.1:5070 to udp:10.0.0.2:5060
    And alice is in state REGISTERED_STATE
    And reg_list shows alice with:
      | field  | value             |
      | socket | udp:10.0.0.1:5070 |

  Scenario: Without a forced socket the REGISTER leaves from the first socket of the next hop's protocol
    Given alice registers to example.org with expiry 3600 and no credentials
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 1 went from udp:10.0.0.1:5060 to udp:10.0.0.2:5060

  Scenario: A forced TCP socket for a registrar reached over TCP
    The registrar URI asks for TCP (;transport=tcp), so the forced TCP socket fits and the
    REGISTER goes over TCP to the registrar's TCP port.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the record of alice has registrar "sip:example.org;transport=tcp"
    And the record of alice has forced_socket "tcp:10.0.0.1:5060"
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 1 went from tcp:10.0.0.1:5060 to tcp:10.0.0.2:5060
    And alice is in state REGISTERED_STATE

  Scenario: Records whose forced socket is missing or of the wrong protocol are refused; the others load
    alice's socket is not one the engine listens on; bob's is TCP but his registrar is reached
    over UDP. Both are refused with the reason; carol has no forced socket and registers.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the record of alice has forced_socket "udp:10.0.0.1:5099"
    And bob registers to example.org with expiry 3600 and no credentials
    And the record of bob has forced_socket "tcp:10.0.0.1:5060"
    And carol registers to example.org with expiry 3600 and no credentials
    When the engine loads the table
    And the clock runs to the end of second 100
    Then the load took 1 record and refused 2
    And the load refused the row of alice, naming forced_socket because it "no listening socket udp:10.0.0.1:5099"
    And the load refused the row of bob, naming forced_socket because it "tcp:10.0.0.1:5060 is tcp but the next hop needs udp"
    And carol is in state REGISTERED_STATE
    And the registrar has 1 binding for carol
