@D36
Feature: Failing over to the next registrar DNS gave
  A carrier publishes its registrar as several targets (NAPTR, then SRV records with priority and
  weight, then A/AAAA, RFC 3263). OpenSIPS resolves the name for every REGISTER and, once a
  target answered, keeps sending there; it only tries another target inside one transaction, and
  never remembers which one worked (spec N1, D18). With dns_failover = 1, a REGISTER whose target
  times out, cannot be reached (a transport error) or answers 503 goes at once to the next
  target, in a new transaction, each target once per attempt. The record keeps a pin: the target
  that last answered. Its next REGISTERs (challenge answers, refreshes, retries) go there first,
  and the pin moves only when that target fails, never back to a better target that recovered.

  Here example.org resolves to 10.0.0.2 and then 10.0.0.3 (as SRV priority 10 and 20 would
  order them), and the simulated registrar answers on both. T = 100 and hash_size = 1: alice is
  visited on seconds 50, 150, ...; a transaction times out after 30 seconds.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And the name example.org resolves to 10.0.0.2
    And the name example.org resolves to 10.0.0.3
    And the simulated registrar also answers on udp:10.0.0.3:5060
    And alice registers to example.org with expiry 3600 and no credentials

  @row-visit-register @row-2xx-registered @row-visit-refresh
  Scenario: The first registrar does not answer: the same REGISTER goes to the second after the timeout, and the refresh stays there
    10.0.0.2 is gone from the network until second 1000. alice's REGISTER of second 50 times out
    on second 80 and goes on to 10.0.0.3 in the same second (same Call-ID and CSeq, a new
    branch), which registers her. Her refresh is due on 80 + 3600 - 100 = 3580: the visit of
    second 3650 sends it to 10.0.0.3, though 10.0.0.2 answers again since second 1000.

    Given dns_failover is 1
    And the registrar accepts everyone
    And the registrar's udp:10.0.0.2:5060 is gone from second 0 to second 1000
    When the clock runs to the end of second 3650
    Then the REGISTERs of alice left the engine as:
      | second | CSeq | to                | outcome        |
      | 50     | 1    | udp:10.0.0.2:5060 | timeout on 80  |
      | 80     | 1    | udp:10.0.0.3:5060 | 200 on 80      |
      | 3650   | 2    | udp:10.0.0.3:5060 | 200 on 3650    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 80     | E_REGISTRANT_REGISTERED  |
      | 3650   | E_REGISTRANT_REGISTERING |
      | 3650   | E_REGISTRANT_REGISTERED  |
    And reg_list shows alice with:
      | field | value    |
      | ip    | 10.0.0.3 |

  @row-2xx-registered
  Scenario: A 503 sends the REGISTER on to the next target in the same second
    The registrar's first answer to alice is a 503 (from 10.0.0.2): the REGISTER goes to
    10.0.0.3 on second 50 and is accepted there.

    Given dns_failover is 1
    And the registrar answers alice with 503 1 times, then accepts
    When the clock runs to the end of second 50
    Then the REGISTERs of alice left the engine as:
      | second | CSeq | to                | outcome   |
      | 50     | 1    | udp:10.0.0.2:5060 | 503 on 50 |
      | 50     | 1    | udp:10.0.0.3:5060 | 200 on 50 |
    And alice is in state REGISTERED_STATE
    And reg_list shows alice with:
      | field | value    |
      | ip    | 10.0.0.3 |

  @row-registrar-error @row-visit-retry
  Scenario: Other failures do not fail over, and the pin stays where the record failed
    A 500 is the registrar's answer, not a sign that the target is down: alice goes to
    REGISTRAR_ERROR at once, without trying 10.0.0.3, and her retry goes to 10.0.0.2 again.

    Given dns_failover is 1
    And failure_retry_interval is 300
    And the registrar answers alice with 500 1 times, then accepts
    When the clock runs to the end of second 250
    Then the REGISTERs of alice left the engine as:
      | second | CSeq | to                | outcome    |
      | 50     | 1    | udp:10.0.0.2:5060 | 500 on 50  |
      | 250    | 1    | udp:10.0.0.2:5060 | 200 on 250 |
    And alice is in state REGISTERED_STATE

  @row-timeout @row-visit-retry
  Scenario: When every target fails the attempt fails, and the next attempt goes round them again
    Both targets are gone until second 1000. The REGISTER of second 50 times out at 10.0.0.2 on
    80 and at 10.0.0.3 on 110: REGISTER_TIMEOUT on 110, retry due on 110 + 300 - 100 = 310, so
    on the visit of second 350, which starts again at 10.0.0.2 (the pin went round) and fails
    over to 10.0.0.3 again.

    Given dns_failover is 1
    And failure_retry_interval is 300
    And the registrar accepts everyone
    And the registrar's udp:10.0.0.2:5060 is gone from second 0 to second 1000
    And the registrar's udp:10.0.0.3:5060 is gone from second 0 to second 1000
    When the clock runs to the end of second 410
    Then the REGISTERs of alice left the engine as:
      | second | CSeq | to                | outcome        |
      | 50     | 1    | udp:10.0.0.2:5060 | timeout on 80  |
      | 80     | 1    | udp:10.0.0.3:5060 | timeout on 110 |
      | 350    | 1    | udp:10.0.0.2:5060 | timeout on 380 |
      | 380    | 1    | udp:10.0.0.3:5060 | timeout on 410 |
    And the events of alice were:
      | second | event                         |
      | 50     | E_REGISTRANT_REGISTERING      |
      | 110    | E_REGISTRANT_REGISTER_TIMEOUT |
      | 350    | E_REGISTRANT_REGISTERING      |
      | 410    | E_REGISTRANT_REGISTER_TIMEOUT |

  @row-2xx-registered
  Scenario: A refused TCP connection fails over at once
    alice reaches example.org over TCP; 10.0.0.2 refuses TCP connections, 10.0.0.3 takes them.
    The REGISTER of second 50 goes to 10.0.0.3 in the same second.

    Given dns_failover is 1
    And alice reaches example.org over TCP
    And the simulated registrar also answers on tcp:10.0.0.3:5060
    And the registrar accepts everyone
    And the registrar refuses TCP connections from second 0 to second 1000
    When the clock runs to the end of second 50
    Then the REGISTERs of alice left the engine as:
      | second | CSeq | to                | outcome               |
      | 50     | 1    | tcp:10.0.0.2:5060 | transport-error on 50 |
      | 50     | 1    | tcp:10.0.0.3:5060 | 200 on 50             |
    And alice is in state REGISTERED_STATE
    And the registrar refused TCP connections at seconds "50"

  @row-timeout @row-visit-retry
  Scenario: Without dns_failover only the first target is ever tried, as in OpenSIPS
    10.0.0.2 is gone until second 1000 and dns_failover is at its default 0: the REGISTER of
    second 50 times out on 80 (REGISTER_TIMEOUT) and every retry, 200 seconds after the timeout
    (F - T) at the next visit, goes to 10.0.0.2 again, until it answers on second 1250.

    Given failure_retry_interval is 300
    And the registrar accepts everyone
    And the registrar's udp:10.0.0.2:5060 is gone from second 0 to second 1000
    When the clock runs to the end of second 1250
    Then the REGISTERs of alice left the engine as:
      | second | CSeq | to                | outcome        |
      | 50     | 1    | udp:10.0.0.2:5060 | timeout on 80  |
      | 350    | 1    | udp:10.0.0.2:5060 | timeout on 380 |
      | 650    | 1    | udp:10.0.0.2:5060 | timeout on 680 |
      | 950    | 1    | udp:10.0.0.2:5060 | timeout on 980 |
      | 1250   | 1    | udp:10.0.0.2:5060 | 200 on 1250    |
    And alice is in state REGISTERED_STATE
