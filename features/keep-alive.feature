@D37
Feature: Keep-alive and flow recovery over TCP and TLS
  A binding registered over TCP or TLS is only reachable while that connection lives: the
  registrar (or the SBC in front of it) sends requests for it down the connection the REGISTER
  came in on. When a NAT forgets the connection, or the registrar restarts, the binding is dead
  although the registrar still lists it, and OpenSIPS only finds out at the next refresh (spec
  N2). With keepalive_interval = K > 0, every connection the engine opened gets a CRLF ping
  (CRLF CRLF) every K seconds, which the peer answers with a CRLF pong (RFC 5626 §4.4.1); a
  connection with no byte back keepalive_timeout seconds (default 10) after a ping is dead. A
  connection reset or closed by the other side is noticed at once. Either way every REGISTERED
  record whose last REGISTER went over that connection registers again at once, in its dialog,
  over a new connection (row flow-lost-reregister). Off (0) by default.

  Here T = 100 and hash_size = 1; alice reaches example.org over TCP, registers on second 50 and
  would refresh on second 3550. The registrar accepts everyone.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And alice reaches example.org over TCP
    And the registrar accepts everyone

  @row-2xx-registered @row-flow-lost-reregister
  Scenario: The registrar resets the connection: alice registers again in the same second
    keepalive_interval is 30. The registrar's side resets the connection on second 1000: the
    engine hears of it at once and alice's REGISTER goes out on second 1000 over a new connection,
    in her dialog (CSeq 2), not on second 3550.

    Given keepalive_interval is 30
    And the registrar resets every TCP connection to it at second 1000
    When the clock runs to the end of second 1000
    Then the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
      | 1000   | E_REGISTRANT_REGISTERING |
      | 1000   | E_REGISTRANT_REGISTERED  |
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 200    |
      | 1000   | #1      | 2    | no          | 200    |
    And alice is in state REGISTERED_STATE

  @row-flow-lost-reregister @row-transport-error @row-visit-not-due @row-visit-retry
  Scenario: The registrar goes silent: an unanswered ping finds out, and the REGISTER that follows fails at once
    keepalive_interval is 30 and keepalive_timeout 10; failure_retry_interval is 300. The
    registrar is gone from the network from second 1000 to second 1100: the ping of second 1020
    gets no pong, so on second 1030 the connection counts as dead and alice registers again. Her
    REGISTER cannot be sent (the connection is refused): INTERNAL_ERROR at once (D25), retried at
    the first visit after 1030 + 300 - 100 = 1230, on second 1250, in a new dialog.

    Given keepalive_interval is 30
    And keepalive_timeout is 10
    And failure_retry_interval is 300
    And the registrar refuses TCP connections from second 1000 to second 1100
    When the clock runs to the end of second 1250
    Then the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_REGISTERED     |
      | 1030   | E_REGISTRANT_REGISTERING    |
      | 1030   | E_REGISTRANT_INTERNAL_ERROR |
      | 1250   | E_REGISTRANT_REGISTERING    |
      | 1250   | E_REGISTRANT_REGISTERED     |
    And the registrar refused TCP connections at seconds "1030"
    And alice is in state REGISTERED_STATE

  @row-visit-refresh
  Scenario: Without keepalive_interval a reset connection goes unnoticed until the refresh, as in OpenSIPS
    The same reset on second 1000 with keepalive_interval at its default 0: nothing is sent until
    the refresh of second 3550, which opens a new connection.

    Given keepalive_interval is 0
    And the registrar resets every TCP connection to it at second 1000
    When the clock runs to the end of second 3550
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 200    |
      | 3550   | #1      | 2    | no          | 200    |

  @row-registrar-error @row-flow-lost-ignored @row-visit-retry
  Scenario: A record that is not registered is left to its retry time when its connection is reset
    keepalive_interval is 30 and failure_retry_interval 300. The registrar answers alice's first
    REGISTER with a 404: REGISTRAR_ERROR on second 50, retry due at 50 + 300 - 100 = 250. The
    reset of second 100 ends the connection that REGISTER used, but alice has no binding to
    recover: nothing is sent until her retry on second 250.

    Given keepalive_interval is 30
    And failure_retry_interval is 300
    And the registrar answers alice with 404 1 times, then accepts
    And the registrar resets every TCP connection to it at second 100
    When the clock runs to the end of second 250
    Then alice sent REGISTERs at seconds "50, 250"
    And alice is in state REGISTERED_STATE
