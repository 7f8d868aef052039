@spec-11
Feature: Status/Report: one identifier per record, its status and its last 20 reports
  Every record has an identifier in the Status/Report group uac_registrant, written
  aor=<AOR>;contact=<binding URI>;registrar=<registrar URI>. Its status is 1 (ready) while the
  record is REGISTERED and -1 otherwise, with the state's name as the status text; each state the
  record enters adds a report "state changed to <STATE>", after a first "created with state
  NOT_REGISTERED_STATE". Only the last 20 reports are kept (§11). The identifier lives as long
  as its record (D23), and no password ever shows up in it, nor anywhere else the engine speaks
  (D16).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is visited on seconds 50, 150, 250 and so on. Her record is sip:alice@example.org, with the
  contact sip:alice@10.0.0.1:5060 at the registrar sip:example.org, asking for 3600 seconds. The
  report tables show the second each report was added and its text.

  Background:
    Given timer_interval is 100 and hash_size is 1

  @spec-5.1 @row-visit-register @row-2xx-registered @row-disable-unregister @row-2xx-unregistered
  Scenario: The identifier, and the status through a registration and an unREGISTER
    The registrar holds its 200 to alice's first REGISTER for 3 seconds, so on second 51 she is
    still REGISTERING: status -1. The 200 on second 53 makes her REGISTERED: status 1 on second
    54. Disabled on second 60, she unREGISTERs and is NOT_REGISTERED: status -1 again, and that
    state, which has no event, still has its report.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the registrar answers alice's first REGISTER with a 200 after 3 seconds
    And the registrar accepts everyone
    When the engine starts
    Then the status report identifier of alice is "aor=sip:alice@example.org;contact=sip:alice@10.0.0.1:5060;registrar=sip:example.org"
    And the status of alice is -1 with text NOT_REGISTERED_STATE
    When 51 seconds pass
    Then the status of alice is -1 with text REGISTERING_STATE
    When 3 seconds pass
    Then the status of alice is 1 with text REGISTERED_STATE
    When 6 seconds pass
    And the operator disables alice
    And 1 second passes
    Then the status of alice is -1 with text NOT_REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 53     | state changed to REGISTERED_STATE       |
      | 60     | state changed to UNREGISTERING_STATE    |
      | 60     | state changed to NOT_REGISTERED_STATE   |

  @spec-5.2
  Scenario Outline: Every error state is status -1, with the state's name as text
    The registrar answers alice's first REGISTER with <code>; she enters <state> on second 50.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the registrar answers alice with <code>
    When the clock runs to the end of second 50
    Then the status of alice is -1 with text <state>
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to <state>                |

    @row-registrar-error
    Examples: a refusal
      | code | state                 |
      | 403  | REGISTRAR_ERROR_STATE |

    @row-redirect
    Examples: a redirect, which the registrant does not follow
      | code | state                |
      | 302  | INTERNAL_ERROR_STATE |

    @row-timeout
    Examples: a 408 from the registrar
      | code | state                  |
      | 408  | REGISTER_TIMEOUT_STATE |

  @D5 @row-registrar-error @row-visit-retry
  Scenario: Only the last 20 reports are kept, the oldest dropped first
    The registrar refuses alice with 403 every time. With failure_retry_interval 1 her retry
    time is TO = R + 1 - 100, already past, so she retries at every visit of her bucket: on
    seconds 50, 150, ..., 1050, eleven tries of two reports each (REGISTERING, then
    REGISTRAR_ERROR). With the "created" report that makes 23: the three oldest are gone.

    Given failure_retry_interval is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And the registrar answers alice with 403
    When the clock runs to the end of second 1050
    Then alice sent 11 REGISTERs
    And the status report of alice keeps 20 reports
    And the status report of alice reads:
      | second | report                                  |
      | 150    | state changed to REGISTERING_STATE      |
      | 150    | state changed to REGISTRAR_ERROR_STATE  |
      | 250    | state changed to REGISTERING_STATE      |
      | 250    | state changed to REGISTRAR_ERROR_STATE  |
      | 350    | state changed to REGISTERING_STATE      |
      | 350    | state changed to REGISTRAR_ERROR_STATE  |
      | 450    | state changed to REGISTERING_STATE      |
      | 450    | state changed to REGISTRAR_ERROR_STATE  |
      | 550    | state changed to REGISTERING_STATE      |
      | 550    | state changed to REGISTRAR_ERROR_STATE  |
      | 650    | state changed to REGISTERING_STATE      |
      | 650    | state changed to REGISTRAR_ERROR_STATE  |
      | 750    | state changed to REGISTERING_STATE      |
      | 750    | state changed to REGISTRAR_ERROR_STATE  |
      | 850    | state changed to REGISTERING_STATE      |
      | 850    | state changed to REGISTRAR_ERROR_STATE  |
      | 950    | state changed to REGISTERING_STATE      |
      | 950    | state changed to REGISTRAR_ERROR_STATE  |
      | 1050   | state changed to REGISTERING_STATE      |
      | 1050   | state changed to REGISTRAR_ERROR_STATE  |

  @D16 @D10 @D12 @spec-6.3 @row-auth-register @row-auth-register-new-challenge @row-auth-register-rejected @row-disable-flag
  Scenario: A wrong password shows up nowhere: not in reports, reg_list, events, logs or refusals
    This registrar accepts no credentials: it challenges every REGISTER with a fresh nonce.
    alice's REGISTER is challenged, her answer (password open-sesame) is challenged again with a
    fresh nonce, her second answer too: WRONG_CREDENTIALS on second 50 (D10). The operator then tries an upsert with a bad cluster id (its refusal
    must name the column, not quote the row) and disables her. Nothing the engine lists,
    reports, raises or logs contains the password.

    Given alice registers to example.org with password open-sesame and expiry 3600
    And the registrar runs the shipped script "401-wrong-credentials"
    When 60 seconds pass
    Then the status of alice is -1 with text WRONG_CREDENTIALS_STATE
    And the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 401    |
      | 50     | 3    | yes         | 401    |
    When the operator tries to upsert alice with:
      | column        | value |
      | cluster_shtag | gw    |
    Then the operation was refused as invalid_params, naming cluster_shtag: "must be name/cluster_id"
    When the operator disables alice
    Then nothing the engine lists, reports, raises or logs contains "open-sesame"

  @D23 @D13 @spec-9.2 @row-visit-register @row-2xx-registered
  Scenario: The identifier lives as long as its record
    alice registers on second 50. A full reload on second 60 keeps her record, and her
    identifier with its reports: it is not created a second time. The delete on second 70 removes
    the identifier with the record. Upserted again on second 80, she gets a new identifier,
    created then, and registers anew at her next visit, second 150.

    Given alice registers to example.org with expiry 3600 and no credentials
    And the registrar accepts everyone
    When 60 seconds pass
    And the operator reloads all records
    Then the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to REGISTERED_STATE       |
    When 10 seconds pass
    And the operator deletes alice
    Then alice has no status report identifier
    When 10 seconds pass
    And the operator upserts a new record for alice with expiry 3600 and no credentials
    And the clock runs to the end of second 150
    Then the status of alice is 1 with text REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                  |
      | 80     | created with state NOT_REGISTERED_STATE |
      | 150    | state changed to REGISTERING_STATE      |
      | 150    | state changed to REGISTERED_STATE       |
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 70     | #1      | 2    | expires=0    | no          | 200    |
      | 150    | #2      | 1    | expires=3600 | no          | 200    |
