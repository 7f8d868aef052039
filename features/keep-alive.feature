@D37
Feature: Keep-alive and flow recovery over TCP and TLS
  A binding registered over TCP or TLS is only reachable while that connection lives: the
  registrar (or the SBC in front of it) sends requests for it down the connection the REGISTER
  came in on. When a NAT forgets the connection, or the registrar restarts, the binding is dead
  although the registrar still lists it, and OpenSIPS only finds out at the next refresh (spec
  N2). With keepalive_interval = K > 0, K is the longest a dead connection goes unnoticed. Every
  connection the engine opened gets a CRLF ping (CRLF CRLF) once the registrar has sent nothing
  on it for K - keepalive_timeout seconds, and the registrar answers with a CRLF pong (RFC 5626
  §4.4.1); a connection with no byte back keepalive_timeout seconds (default 10, below K) after
  its ping is dead: K seconds after the last byte the registrar sent, however it went quiet. A
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

  @row-2xx-registered @row-flow-lost-reregister
  Scenario: A NAT forgets the connection silently: it is found dead keepalive_interval after the last pong, and alice registers again at once on a new one
    keepalive_interval is 30 and keepalive_timeout 10, so a ping goes out after 30 - 10 = 20
    quiet seconds: on seconds 70, 90, ... 990, each answered at once. On second 1000 a NAT
    between forgets the connection without a reset: it stays open for the engine, but carries
    nothing either way, and the registrar still listens. The ping of second 1010 gets no pong, so
    on second 1020, exactly keepalive_interval after the last pong (990), the connection counts as
    dead. alice's REGISTER goes out on second 1020 over a new connection, in her dialog (CSeq 2),
    and its 200 comes back on it: the old connection would have carried neither.

    Given keepalive_interval is 30
    And keepalive_timeout is 10
    And every TCP connection to the registrar goes silent at second 1000
    When the clock runs to the end of second 1020
    Then the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
      | 1020   | E_REGISTRANT_REGISTERING |
      | 1020   | E_REGISTRANT_REGISTERED  |
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 200    |
      | 1020   | #1      | 2    | no          | 200    |
    And alice is in state REGISTERED_STATE

  @row-flow-lost-reregister
  Scenario Outline: Whenever the connection goes silent, it is found dead within keepalive_interval (silent on second <silent>)
    The same silent NAT, at other moments. The pings of seconds 990, 1010 and 1030 are answered
    while the connection carries bytes. Silent on second 1000 or 1010 (before that second's
    ping): the ping of 1010 gets no pong and the connection is dead on 1020. Silent on second
    1011, just after the pong of 1010: the ping of 1030 gets none, dead on 1040, 29 seconds later,
    30 after the last pong. Never more than keepalive_interval.

    Given keepalive_interval is 30
    And keepalive_timeout is 10
    And every TCP connection to the registrar goes silent at second <silent>
    When the clock runs to the end of second 1050
    Then alice sent REGISTERs at seconds "50, <re-registered>"
    And alice is in state REGISTERED_STATE

    Examples:
      | silent | re-registered |
      | 1000   | 1020          |
      | 1010   | 1020          |
      | 1011   | 1040          |

  @row-flow-lost-reregister @row-transport-error @row-visit-not-due @row-visit-retry
  Scenario: The registrar goes away: an unanswered ping finds out, and the REGISTER that follows fails at once
    keepalive_interval is 30 and keepalive_timeout 10; failure_retry_interval is 300. The
    registrar is gone from the network from second 1000 to second 1100: the ping of second 1010
    (20 quiet seconds after the pong of 990) gets no pong, so on second 1020 the connection counts
    as dead and alice registers again. Her REGISTER cannot be sent (the connection is refused):
    INTERNAL_ERROR at once (D25), retried at the first visit after 1020 + 300 - 100 = 1220, on
    second 1250, in a new dialog.

    Given keepalive_interval is 30
    And keepalive_timeout is 10
    And failure_retry_interval is 300
    And the registrar refuses TCP connections from second 1000 to second 1100
    When the clock runs to the end of second 1250
    Then the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_REGISTERED     |
      | 1020   | E_REGISTRANT_REGISTERING    |
      | 1020   | E_REGISTRANT_INTERNAL_ERROR |
      | 1250   | E_REGISTRANT_REGISTERING    |
      | 1250   | E_REGISTRANT_REGISTERED     |
    And the registrar refused TCP connections at seconds "1020"
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

  Scenario Outline: keepalive_timeout must be below keepalive_interval (keepalive_interval = <K>, keepalive_timeout = <timeout>)
    The wait for the pong is part of the interval, so a timeout of K or more could never keep
    the promise of K. The default timeout, 10, needs K of 11 or more.

    Given keepalive_interval is <K>
    And keepalive_timeout is <timeout>
    When the engine starts
    Then the engine refuses to start, naming keepalive_timeout because it "must be below keepalive_interval <K>, got <timeout>"

    Examples:
      | K  | timeout |
      | 10 | 10      |
      | 5  | 10      |
      | 1  | 1       |
