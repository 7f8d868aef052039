@spec-5 @spec-10 @spec-11
Feature: Registration, its events and its status report
  The registrant keeps each account registered at its registrar and tells the world about every
  state it enters: one event per state (none for NOT_REGISTERED_STATE) and one Status/Report line.

  In every scenario the engine starts at second 0 with timer_interval 100 and hash_size 1: two
  buckets, one visited every 50 seconds. alice (sip:alice@example.org) is in bucket 0, so her
  record is first looked at on second 50, then every 100 seconds. The simulated registrar serves
  example.org and knows alice (password wonderland) and bob (password rosebud). Nothing is lost
  or delayed on the network, so a registrar's answer arrives in the second it was asked for.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with password wonderland and expiry 3600

  @spec-5.3 @spec-3.2 @row-visit-register @row-2xx-registered
  Scenario: A registrar that accepts at once
    Given the registrar accepts everyone
    When 100 seconds pass
    Then the events were:
      | second | event                    | aor                   |
      | 50     | E_REGISTRANT_REGISTERING | sip:alice@example.org |
      | 50     | E_REGISTRANT_REGISTERED  | sip:alice@example.org |
    And alice is in state REGISTERED_STATE
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 200    |
    And the registrar has 1 binding for alice

  @spec-5.2 @spec-6.3 @D9
  Scenario: A challenged registration goes through REGISTERING, AUTHENTICATING, REGISTERED
    Given the registrar challenges alice with MD5 then accepts
    When 100 seconds pass
    Then the events were:
      | second | event                       | aor                   |
      | 50     | E_REGISTRANT_REGISTERING    | sip:alice@example.org |
      | 50     | E_REGISTRANT_AUTHENTICATING | sip:alice@example.org |
      | 50     | E_REGISTRANT_REGISTERED     | sip:alice@example.org |
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the status of alice is 1 with text REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to AUTHENTICATING_STATE   |
      | 50     | state changed to REGISTERED_STATE       |

  @spec-4.1 @spec-5.4 @D1 @D27 @row-visit-not-due @row-visit-refresh
  Scenario: The refresh keeps the Call-ID and goes out at R + E - T
    Registered at second 50 for 3600 seconds with P = 100, alice is due again at
    TO = 50 + 3600 - 100 = 3550, which is a visit of her bucket. The refresh starts without
    credentials and is challenged again: every refresh costs two transactions.

    Given the registrar challenges alice with MD5 then accepts
    When 3600 seconds pass
    Then alice sent a REGISTER at second 3550 with the same Call-ID and CSeq 3
    And alice sent no REGISTER between second 51 and second 3549
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
      | 3550   | 3    | no          | 401    |
      | 3550   | 4    | yes         | 200    |
    And the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_REGISTERED     |
      | 3550   | E_REGISTRANT_REGISTERING    |
      | 3550   | E_REGISTRANT_AUTHENTICATING |
      | 3550   | E_REGISTRANT_REGISTERED     |

  @spec-5.2 @D5
  Scenario: 403 Forbidden is a registrar error, retried with a new Call-ID
    A 403 is the registrar's refusal, not a credentials problem: REGISTRAR_ERROR_STATE. With no
    failure_retry_interval the retry waits floor(E*P/100): TO = 50 + 3600 - 100 = 3550.

    Given the registrar answers alice with 403
    When 3600 seconds pass
    Then the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
      | 3550   | E_REGISTRANT_REGISTERING     |
      | 3550   | E_REGISTRANT_REGISTRAR_ERROR |
    And alice is in state REGISTRAR_ERROR_STATE
    And the status of alice is -1 with text REGISTRAR_ERROR_STATE
    And alice sent a REGISTER at second 3550 with a new Call-ID and CSeq 1
    And the registrar has 0 bindings for alice
