@spec-5.4 @spec-6.2
Feature: Call-ID, From tag and CSeq: which REGISTERs keep the dialog
  A record's REGISTERs belong to a dialog: one Call-ID and one From tag, with CSeq going up by
  exactly one per request. The refresh, the answer to a challenge, the retry after a 423 and
  every unREGISTER keep the dialog (CSeq + 1). The retry after an error, enabling a record and
  registering again after the unREGISTER of a record enabled meanwhile start a new dialog: a new
  Call-ID and From tag, and CSeq 1 (§5.4). A Call-ID is 27 lowercase hex digits and a From tag 5,
  cut from one MD5 digest (§6.2).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is visited on seconds 50, 150, 250 and so on. She asks for 300 seconds with P = 100, so a 200
  on second R makes her due again at R + 200 (D1); failure_retry_interval is 200, so an error on
  second F is retried at the first visit on or after F + 100 (D5). In the tables, Call-ID #1, #2
  name the dialogs in the order they appeared.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And failure_retry_interval is 200

  @row-auth-register @row-visit-refresh @D1
  Scenario: Refreshes and the answers to challenges stay in the dialog, CSeq + 1 each time
    Every REGISTER without credentials is challenged. Registered on second 50, alice refreshes on
    seconds 250 and 450, each time challenged and answered.

    Given alice registers to example.org with password wonderland and expiry 300
    And the registrar challenges alice with MD5 then accepts
    When the clock runs to the end of second 450
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 401    |
      | 50     | #1      | 2    | yes         | 200    |
      | 250    | #1      | 3    | no          | 401    |
      | 250    | #1      | 4    | yes         | 200    |
      | 450    | #1      | 5    | no          | 401    |
      | 450    | #1      | 6    | yes         | 200    |
    And each dialog of alice kept one From tag, and no two dialogs shared a Call-ID or a From tag
    And every REGISTER of alice had a Call-ID of 27 and a From tag of 5 lowercase hex digits

  @row-registrar-error @row-visit-retry @row-423-retry @D5 @D7
  Scenario: The retry after an error starts a new dialog; the 423 retry stays in it
    The 403 of second 50 is retried on second 150 in a new dialog; that REGISTER gets a 423 with
    Min-Expires 600 and is asked again at once, asking 600, in the same dialog. The registrar
    grants only 300 seconds, so the refresh is due at 150 + 300 - 100 = 350; it stays in the
    dialog and still asks for 600 (D7).

    Given alice registers to example.org with expiry 300 and no credentials
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - respond: { code: 403 }
            - respond:
                code: 423
                headers: { Min-Expires: 600 }
            - accept: { grant: 300 }
              repeat: forever
      """
    When the clock runs to the end of second 350
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=300  | no          | 403    |
      | 150    | #2      | 1    | expires=300  | no          | 423    |
      | 150    | #2      | 2    | expires=600  | no          | 200    |
      | 350    | #2      | 3    | expires=600  | no          | 200    |
    And each dialog of alice kept one From tag, and no two dialogs shared a Call-ID or a From tag
    And every REGISTER of alice had a Call-ID of 27 and a From tag of 5 lowercase hex digits

  @row-disable-unregister @row-2xx-unregistered @row-enable-register @spec-8
  Scenario: The unREGISTER stays in the dialog; enabling the record again starts a new one
    Given alice registers to example.org with expiry 300 and no credentials
    And the registrar accepts everyone
    When the clock reaches second 60
    And the operator disables alice
    And the clock reaches second 70
    And the operator enables alice
    And the clock runs to the end of second 70
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact     | credentials | answer |
      | 50     | #1      | 1    | expires=300 | no          | 200    |
      | 60     | #1      | 2    | expires=0   | no          | 200    |
      | 70     | #2      | 1    | expires=300 | no          | 200    |
    And each dialog of alice kept one From tag, and no two dialogs shared a Call-ID or a From tag

  @row-timeout @row-visit-retry @D15 @D25
  Scenario: A 200 that comes after the transaction gave up changes nothing
    The registrar answers 40 seconds late, but the transaction gives up 30 seconds after the
    REGISTER of second 50: REGISTER_TIMEOUT on second 80, TO = 80 + 100 = 180. The 200 of
    second 90 belongs to no request in flight and is ignored: alice stays REGISTER_TIMEOUT, and
    the retry of second 250 starts a new dialog.

    Given alice registers to example.org with expiry 300 and no credentials
    And the registrar runs this script:
      """
      rules:
        - for: sip:alice@example.org
          steps:
            - delay: { ms: 40000, then: { accept: {} } }
            - accept: {}
              repeat: forever
      """
    When the clock runs to the end of second 249
    Then the state changes of alice were:
      | second | from                 | to                     | row            |
      | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE      | visit-register |
      | 80     | REGISTERING_STATE    | REGISTER_TIMEOUT_STATE | timeout        |
    And alice is in state REGISTER_TIMEOUT_STATE
    When the clock runs to the end of second 250
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | credentials | answer |
      | 50     | #1      | 1    | no          | 200    |
      | 250    | #2      | 1    | no          | 200    |
    And alice is in state REGISTERED_STATE
