@spec-8 @spec-9
Feature: Disabling and enabling a record
  The operator can disable a record (reg_disable) and enable it again (reg_enable). Disabling a
  REGISTERED record removes its binding at once with an unREGISTER of its own Contact
  (expires=0) in the same dialog; the record is NOT_REGISTERED after the 200 and its state column
  is written 1. Enabling it again registers it at once in a new dialog (new Call-ID, CSeq 1) and
  writes the state column 0 (§8, §5.4).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is visited on seconds 50, 150 and so on, so she registers on second 50. She asks for 3600
  seconds and needs no credentials. In the tables, Call-ID #1, #2 name the dialogs in the order
  they appeared, and the contact column shows the expiry the REGISTER asked for.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And the registrar accepts everyone

  @spec-5.3 @spec-10 @row-disable-unregister @row-2xx-unregistered @row-enable-register
  Scenario: Disable a registered record, then enable it again
    alice is disabled on second 60 and enabled again on second 100, between two visits of her
    bucket: both REGISTERs go out at once, not at a visit.

    When 60 seconds pass
    And the operator disables alice
    And 40 seconds pass
    Then alice is in state NOT_REGISTERED_STATE
    And the state column of alice's row is 1
    And the registrar has 0 bindings for alice
    When the operator enables alice
    And the clock runs to the end of second 100
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 60     | #1      | 2    | expires=0    | no          | 200    |
      | 100    | #2      | 1    | expires=3600 | no          | 200    |
    And the events of alice were:
      | second | event                      |
      | 50     | E_REGISTRANT_REGISTERING   |
      | 50     | E_REGISTRANT_REGISTERED    |
      | 60     | E_REGISTRANT_UNREGISTERING |
      | 100    | E_REGISTRANT_REGISTERING   |
      | 100    | E_REGISTRANT_REGISTERED    |
    And alice is in state REGISTERED_STATE
    And the state column of alice's row is 0
    And the registrar has 1 binding for alice
