@spec-8 @spec-9
Feature: The operator's commands: enable, disable, force_register, upsert, delete, reload
  The operator acts on one record, named by its full triple (aor, contact, registrar; D3), or on
  the whole table. Disabling a REGISTERED record removes its binding at once with an unREGISTER of
  its own Contact (expires=0) in the same dialog, and writes 1 to the row's state column;
  enabling a NOT_REGISTERED record registers it at once in a new dialog (new Call-ID, CSeq 1) and
  writes 0 (§8, §5.4). force_register makes the next visit of the record's bucket act now
  instead of at the record's time. upsert and delete change only the engine's memory; a reload
  reads the table again. A record removed or replaced while REGISTERED has its binding removed
  by an unREGISTER that finishes on its own, with no event and no status report (D26); the
  status report identifier then shows the state of the record that replaced it (D26a,
  replacement-status.feature).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: two buckets, one
  visited every 50 seconds. alice and carol are in bucket 0 (visited on seconds 50, 150, 250 and
  so on), bob and dave in bucket 1 (seconds 100, 200, 300 and so on). They ask for 3600 seconds:
  a record registered at second R is refreshed at TO = R + 3600 - 100. In the tables, Call-ID #1,
  #2 name the dialogs in the order they appeared, and the contact column shows the expiry the
  REGISTER asked for.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And the registrar accepts everyone

  @spec-5.3 @spec-10 @row-disable-unregister @row-2xx-unregistered @row-enable-register @row-visit-register @row-2xx-registered
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

  @row-enable-already @row-disable-already @row-disable-unregister
  Scenario: Enabling an enabled record or disabling a disabled one changes nothing
    Enabling alice while she is enabled (second 60) sends nothing and writes nothing. The first
    disable (second 70) unREGISTERs her and writes the state column once; the second (second 80)
    finds her disabled already and does nothing.

    When 60 seconds pass
    And the operator enables alice
    And 10 seconds pass
    And the operator disables alice
    And 10 seconds pass
    And the operator disables alice
    And the clock runs to the end of second 80
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 70     | #1      | 2    | expires=0    | no          | 200    |
    And the engine wrote the state column 1 time
    And the state column of alice's row is 1
    And alice is in state NOT_REGISTERED_STATE

  @spec-5.2 @row-disable-flag @row-2xx-disabled-unregister @row-2xx-unregistered
  Scenario: Disabled while the REGISTER is in flight, the record unREGISTERs when the 200 comes
    The registrar holds the 200 to alice's first REGISTER for 3 seconds. The operator disables
    her on second 51, while it is in flight: nothing is sent then, but the 200 on second 53
    finds her disabled, so she removes the binding she just got at once (§8).

    Given the registrar answers alice's first REGISTER with a 200 after 3 seconds
    When the clock runs to the end of second 50
    And 1 second passes
    And the operator disables alice
    And the clock runs to the end of second 60
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 53     | #1      | 2    | expires=0    | no          | 200    |
    And the events of alice were:
      | second | event                      |
      | 50     | E_REGISTRANT_REGISTERING   |
      | 53     | E_REGISTRANT_UNREGISTERING |
    And alice is in state NOT_REGISTERED_STATE
    And the state column of alice's row is 1
    And the registrar has 0 bindings for alice

  @spec-5.4 @row-disable-unregister @row-enable-flag @row-2xx-unregistered-reregister @row-2xx-registered
  Scenario: Enabled again while the unREGISTER is in flight, the record registers anew when the 200 comes
    The registrar holds its 200s to alice's unREGISTERs for 3 seconds. Disabled on second 60,
    alice sends her unREGISTER; enabled again on second 61, she only sets her flag and writes
    the state column. The 200 on second 63 finds her enabled: she registers again at once, in a
    new dialog (§8, §5.4).

    Given the registrar answers alice's unREGISTERs with a 200 after 3 seconds
    When 60 seconds pass
    And the operator disables alice
    And 1 second passes
    And the operator enables alice
    And the clock runs to the end of second 63
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 60     | #1      | 2    | expires=0    | no          | 200    |
      | 63     | #2      | 1    | expires=3600 | no          | 200    |
    And the events of alice were:
      | second | event                      |
      | 50     | E_REGISTRANT_REGISTERING   |
      | 50     | E_REGISTRANT_REGISTERED    |
      | 60     | E_REGISTRANT_UNREGISTERING |
      | 63     | E_REGISTRANT_REGISTERING   |
      | 63     | E_REGISTRANT_REGISTERED    |
    And alice is in state REGISTERED_STATE
    And the engine wrote the state column 2 times
    And the state column of alice's row is 0

  @spec-5.3 @D5 @row-registrar-error @row-disable-flag @row-visit-retry-disabled @row-2xx-unregistered @row-visit-idle-disabled
  Scenario: Disabled in an error state, the record unREGISTERs when its retry time comes
    With failure_retry_interval 200, the 403 on second 50 sets alice's retry time to
    TO = 50 + 200 - 100 = 150. Disabled on second 60, she sends nothing then; on second 150,
    instead of a new REGISTER, she sends an unREGISTER in the same dialog (§8, §5.3), and then
    stays quiet.

    Given failure_retry_interval is 200
    And the registrar answers alice with 403 once, then accepts
    When 60 seconds pass
    And the operator disables alice
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 403    |
      | 150    | #1      | 2    | expires=0    | no          | 200    |
    And the events of alice were:
      | second | event                        |
      | 50     | E_REGISTRANT_REGISTERING     |
      | 50     | E_REGISTRANT_REGISTRAR_ERROR |
      | 150    | E_REGISTRANT_UNREGISTERING   |
    And alice is in state NOT_REGISTERED_STATE
    And the state column of alice's row is 1

  @row-force-register @row-visit-refresh
  Scenario: force_register refreshes a registered record at the next visit, in its dialog
    Registered on second 50, alice is due at TO = 50 + 3600 - 100 = 3550. force_register on
    second 60 sets TO to 0 and sends nothing; the next visit of her bucket, on second 150,
    refreshes her with the same Call-ID and the next CSeq (§9.2).

    When 60 seconds pass
    And the operator forces alice to register
    And the clock runs to the end of second 150
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 150    | #1      | 2    | expires=3600 | no          | 200    |
    And alice is in state REGISTERED_STATE
    And the engine wrote no state column

  @D5 @row-registrar-error @row-force-register @row-visit-retry @row-2xx-registered
  Scenario: force_register retries a record in an error state at the next visit, in a new dialog
    The 403 on second 50 sets alice's retry time to TO = 50 + 3600 - 100 = 3550 (D5).
    force_register on second 60 sets TO to 0: the next visit, on second 150, retries with a new
    Call-ID and CSeq 1, as every retry from an error state does (§5.4).

    Given the registrar answers alice with 403 once, then accepts
    When 60 seconds pass
    And the operator forces alice to register
    And the clock runs to the end of second 150
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 403    |
      | 150    | #2      | 1    | expires=3600 | no          | 200    |
    And alice is in state REGISTERED_STATE

  @D5 @row-registrar-error @row-disable-flag @row-force-register-disabled @row-visit-not-due @row-visit-retry-disabled
  Scenario: force_register of a disabled record changes nothing
    The 403 on second 50 sets alice's retry time to 3550; she is disabled on second 60. A
    force_register on second 70 finds her disabled and leaves TO alone: no visit acts before
    second 3550, when she sends her unREGISTER as planned.

    Given the registrar answers alice with 403 once, then accepts
    When 60 seconds pass
    And the operator disables alice
    And 10 seconds pass
    And the operator forces alice to register
    And the clock runs to the end of second 3550
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 403    |
      | 3550   | #1      | 2    | expires=0    | no          | 200    |
    And alice is in state NOT_REGISTERED_STATE

  @D3 @D12
  Scenario Outline: A command for a triple the engine does not have is refused
    Every command names a record by its whole triple; bob has none in the engine.

    When the operator tries to <command> bob
    Then the operation was refused as not_found, naming aor: "<reason>"

    Examples:
      | command  | reason                         |
      | enable   | No such registrant             |
      | disable  | No such registrant             |
      | delete   | No such registrant             |
      | reload   | No such registrant in database |

  @D3
  Scenario: force_register of a triple the engine does not have is refused
    When the operator tries to force bob to register
    Then the operation was refused as not_found, naming aor: "No such registrant"

  @spec-9.3 @D23 @row-visit-register @row-2xx-registered
  Scenario: upsert of a new triple adds a record that registers at its next visit
    dave is upserted on second 60. His bucket is next visited on second 100: he registers then.
    His status report identifier is created by the upsert.

    When 60 seconds pass
    And the operator upserts a new record for dave with expiry 3600 and no credentials
    And the clock runs to the end of second 100
    Then the REGISTER transactions of dave were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 100    | #1      | 1    | expires=3600 | no          | 200    |
    And the status report of dave reads:
      | second | report                                  |
      | 60     | created with state NOT_REGISTERED_STATE |
      | 100    | state changed to REGISTERING_STATE      |
      | 100    | state changed to REGISTERED_STATE       |
    And the engine lists:
      | account | state            | enabled | expires |
      | alice   | REGISTERED_STATE | yes     | 3600    |
      | dave    | REGISTERED_STATE | yes     | 3600    |

  @spec-9.3 @D3 @row-visit-not-due @row-visit-refresh
  Scenario: upsert of a registered record keeps its registration; the new expiry applies from the next refresh
    alice, registered on second 50, is upserted with expiry 600 on second 60. Nothing is sent and
    no event is raised: she keeps her dialog and her refresh time 3550. That refresh asks for 600
    seconds; the 200 grants them, so the next one is due at 3550 + 600 - 100 = 4050.

    When 60 seconds pass
    And the operator upserts alice with:
      | column | value |
      | expiry | 600   |
    Then the engine lists:
      | account | state            | enabled | expires |
      | alice   | REGISTERED_STATE | yes     | 600     |
    When the clock runs to the end of second 4050
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 3550   | #1      | 2    | expires=600  | no          | 200    |
      | 4050   | #1      | 3    | expires=600  | no          | 200    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
      | 3550   | E_REGISTRANT_REGISTERING |
      | 3550   | E_REGISTRANT_REGISTERED  |
      | 4050   | E_REGISTRANT_REGISTERING |
      | 4050   | E_REGISTRANT_REGISTERED  |

  @spec-9.3 @D3 @D26 @D26a @row-visit-idle-disabled
  Scenario: upsert that disables a registered record removes its binding, detached from the record
    alice registers with digest on second 50. Upserted with state 1 (disabled) on second 60, her
    binding is removed by an unREGISTER in her dialog; it is challenged and gets one
    authenticated retry, and raises no event and no status report: the record it belonged to is
    gone (D26). The new record is disabled and NOT_REGISTERED, and stays quiet; her identifier
    says so from second 60 (D26a). upsert touches only memory: no state column is written.

    Given alice's row has:
      | column   | value      |
      | username | alice      |
      | password | wonderland |
    And the registrar challenges alice with MD5 then accepts
    When 60 seconds pass
    And the operator upserts alice with:
      | column | value |
      | state  | 1     |
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 401    |
      | 50     | #1      | 2    | expires=3600 | yes         | 200    |
      | 60     | #1      | 3    | expires=0    | no          | 401    |
      | 60     | #1      | 4    | expires=0    | yes         | 200    |
    And the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_REGISTERED     |
    And the status report of alice reads:
      | second | report                                   |
      | 0      | created with state NOT_REGISTERED_STATE  |
      | 50     | state changed to REGISTERING_STATE       |
      | 50     | state changed to AUTHENTICATING_STATE    |
      | 50     | state changed to REGISTERED_STATE        |
      | 60     | replaced with state NOT_REGISTERED_STATE |
    And the engine lists:
      | account | state                | enabled | expires |
      | alice   | NOT_REGISTERED_STATE | no      | 3600    |
    And the registrar has 0 bindings for alice
    And the engine wrote no state column

  @D12 @spec-2.1
  Scenario Outline: An upsert with a bad value is refused, naming the field and the reason
    The record in the engine is left as it was: alice stays REGISTERED and nothing is sent.

    When 60 seconds pass
    And the operator tries to upsert alice with:
      | column   | value   |
      | <column> | <value> |
    Then the operation was refused as invalid_params, naming <column>: "<reason>"
    And alice is in state REGISTERED_STATE
    And alice sent 1 REGISTER

    Examples:
      | column         | value               | reason                                       |
      | expiry         | -5                  | must not be negative, got -5                 |
      | expiry         | 100                 | 100 must be greater than timer_interval 100  |
      | registrar      | sip:reg@example.org | URI must not have a user part                |
      | binding_params | reg-id=1            | must start with ';'                          |
      | cluster_shtag  | gw                  | must be name/cluster_id                      |
      | cluster_shtag  | gw/one              | cluster id "one" is not a number             |

  @spec-9.2 @D13 @D23 @D26
  Scenario: delete removes the record from memory only; its binding is removed, detached from it
    alice registers with digest on second 50 and is deleted on second 60. Her unREGISTER is
    challenged and gets one authenticated retry; no event or status report follows (D26). The
    table is not written (D13), and reg_list and the status reports no longer know her (D23).

    Given alice's row has:
      | column   | value      |
      | username | alice      |
      | password | wonderland |
    And the registrar challenges alice with MD5 then accepts
    When 60 seconds pass
    And the operator deletes alice
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 401    |
      | 50     | #1      | 2    | expires=3600 | yes         | 200    |
      | 60     | #1      | 3    | expires=0    | no          | 401    |
      | 60     | #1      | 4    | expires=0    | yes         | 200    |
    And the events of alice were:
      | second | event                       |
      | 50     | E_REGISTRANT_REGISTERING    |
      | 50     | E_REGISTRANT_AUTHENTICATING |
      | 50     | E_REGISTRANT_REGISTERED     |
    And the registrar has 0 bindings for alice
    And the engine wrote no state column
    And the engine has no record for alice
    And alice has no status report identifier

  @spec-9.2 @D26
  Scenario: The detached unREGISTER gets one authenticated retry, no more
    This registrar accepts alice's REGISTERs without a challenge but challenges every unREGISTER
    of hers, even one with credentials. After alice's delete on second 60, her unREGISTER is
    challenged, retried once with credentials, challenged again, and given up: nothing more is
    sent, and the registrar keeps her binding until it expires.

    Given alice's row has:
      | column   | value      |
      | username | alice      |
      | password | wonderland |
    And the registrar challenges every unREGISTER of alice, even with credentials
    When 60 seconds pass
    And the operator deletes alice
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 60     | #1      | 2    | expires=0    | no          | 401    |
      | 60     | #1      | 3    | expires=0    | yes         | 401    |
    And the registrar has 1 binding for alice

  @spec-9.2 @D26
  Scenario: A record deleted while its REGISTER is in flight leaves no binding behind
    The registrar takes 5 seconds to answer alice's first REGISTER, sent on second 50, and the
    operator deletes her on second 52. The 200 that comes on second 55 made a binding that no
    record will ever refresh or remove, so an unREGISTER follows at once in the same dialog,
    detached from any record (D26): no event, and the registrar holds no binding. (OpenSIPS
    ignores that 200, and the binding stays until it expires.)

    Given the registrar answers alice's first REGISTER with a 200 after 5 seconds
    When 52 seconds pass
    And the operator deletes alice
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 55     | #1      | 2    | expires=0    | no          | 200    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
    And the registrar has 0 bindings for alice

  @spec-9.2 @D3 @D26
  Scenario: A full reload that drops a record whose REGISTER is in flight leaves no binding behind
    As above, but alice's row is removed from the table and the table reloaded on second 52.

    Given the registrar answers alice's first REGISTER with a 200 after 5 seconds
    When 52 seconds pass
    And the operator removes alice's row from the table
    And the operator reloads all records
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 55     | #1      | 2    | expires=0    | no          | 200    |
    And the registrar has 0 bindings for alice

  @spec-9.2 @D26
  Scenario: A record deleted while its unREGISTER waits for a challenge still finishes it
    alice registers with digest on second 50 and is disabled on second 60. The registrar takes
    3 seconds to challenge her unREGISTER, and the operator deletes her on second 61. The
    challenge that comes on second 63 is still answered, once, with credentials and detached
    from any record (D26), so the registrar holds no binding.

    Given alice's row has:
      | column   | value      |
      | username | alice      |
      | password | wonderland |
    And the registrar challenges alice's first unREGISTER after 3 seconds
    When 60 seconds pass
    And the operator disables alice
    And 1 second passes
    And the operator deletes alice
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 60     | #1      | 2    | expires=0    | no          | 401    |
      | 63     | #1      | 3    | expires=0    | yes         | 200    |
    And the events of alice were:
      | second | event                      |
      | 50     | E_REGISTRANT_REGISTERING   |
      | 50     | E_REGISTRANT_REGISTERED    |
      | 60     | E_REGISTRANT_UNREGISTERING |
    And the registrar has 0 bindings for alice

  @spec-9.3 @D26 @row-visit-register @row-2xx-registered
  Scenario: Upserted while its REGISTER is in flight, the record leaves the 200 to the one that took its place
    alice's first REGISTER, sent on second 50, is answered after 5 seconds, and on second 52 she
    is upserted with a shorter expiry. The record that takes her place is enabled and owns the
    binding: the 200 on second 55 is not followed by an unREGISTER. The new record starts
    NOT_REGISTERED and registers on its bucket's next visit (second 150) in a new dialog, which
    replaces the binding of the same contact at the registrar.

    Given the registrar answers alice's first REGISTER with a 200 after 5 seconds
    When 52 seconds pass
    And the operator upserts alice with:
      | column | value |
      | expiry | 600   |
    And the clock runs to the end of second 200
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 150    | #2      | 1    | expires=600  | no          | 200    |
    And alice is in state REGISTERED_STATE
    And the registrar has 1 binding for alice

  @spec-9.2 @D3 @D23 @row-visit-not-due @row-visit-refresh @row-visit-register
  Scenario: A full reload keeps unchanged registered records as they are and loads new rows
    alice (bucket 0) registers on second 50. On second 120 the operator adds a row for dave
    (bucket 1) and reloads the whole table. alice's triple is unchanged: she keeps her dialog,
    her CSeq and her refresh time 3550, and nothing is sent for her at the reload; her status
    report identifier is not created a second time. dave registers at his next visit, second 200.

    When 120 seconds pass
    And the operator adds a row for dave to the table with expiry 3600 and no credentials
    And the operator reloads all records
    And the clock runs to the end of second 3550
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 3550   | #1      | 2    | expires=3600 | no          | 200    |
    And the REGISTER transactions of dave were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 200    | #1      | 1    | expires=3600 | no          | 200    |
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to REGISTERED_STATE       |
      | 3550   | state changed to REGISTERING_STATE      |
      | 3550   | state changed to REGISTERED_STATE       |

  @spec-9.2 @D3 @D23 @D26 @row-visit-idle-disabled
  Scenario: A full reload unREGISTERs registered records removed from the table or disabled in it
    alice and carol (bucket 0) register on second 50, bob (bucket 1) on second 100. On second
    120 the operator deletes bob's row and sets carol's state column to 1, then reloads. bob and
    carol each get an unREGISTER in their own dialog at once, with no event (D26); bob's record
    and status report identifier are gone (D23); carol's record stays, disabled and quiet. alice
    is untouched.

    Given bob registers to example.org with expiry 3600 and no credentials
    And carol registers to example.org with expiry 3600 and no credentials
    When 120 seconds pass
    And the operator removes bob's row from the table
    And the operator changes carol's row in the table:
      | column | value |
      | state  | 1     |
    And the operator reloads all records
    And the clock runs to the end of second 400
    Then the REGISTER transactions of bob were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 100    | #1      | 1    | expires=3600 | no          | 200    |
      | 120    | #1      | 2    | expires=0    | no          | 200    |
    And the REGISTER transactions of carol were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 120    | #1      | 2    | expires=0    | no          | 200    |
    And alice sent 1 REGISTER
    And the events were:
      | second | event                    | aor   |
      | 50     | E_REGISTRANT_REGISTERING | alice |
      | 50     | E_REGISTRANT_REGISTERING | carol |
      | 50     | E_REGISTRANT_REGISTERED  | alice |
      | 50     | E_REGISTRANT_REGISTERED  | carol |
      | 100    | E_REGISTRANT_REGISTERING | bob   |
      | 100    | E_REGISTRANT_REGISTERED  | bob   |
    And the engine lists:
      | account | state                | enabled | expires |
      | alice   | REGISTERED_STATE     | yes     | 3600    |
      | carol   | NOT_REGISTERED_STATE | no      | 3600    |
    And bob has no status report identifier
    And the registrar has 0 bindings for bob
    And the registrar has 0 bindings for carol

  @spec-9.2 @spec-9.3 @D3 @D12 @D26 @row-visit-idle-disabled
  Scenario: Reload one record: a bad row is refused, a changed one keeps the registration, a disabled one unREGISTERs
    alice registers on second 50. On second 60 her row gets binding params without the leading
    ';': reloading her is refused, naming the column (D12), and her record is left as it was.
    On second 70 the row is fixed and its expiry set to 600: the reload keeps her registration
    (nothing sent) and the record now asks for 600 seconds. On second 80 her state column is
    set to 1: the reload removes her binding with an unREGISTER in her dialog, detached from the
    record (no event, D26), and the new record is disabled.

    When 60 seconds pass
    And the operator changes alice's row in the table:
      | column         | value    |
      | binding_params | reg-id=1 |
    And the operator tries to reload alice
    Then the operation was refused as invalid_params, naming binding_params: "must start with ';'"
    And the engine lists:
      | account | state            | enabled | expires |
      | alice   | REGISTERED_STATE | yes     | 3600    |
    When 10 seconds pass
    And the operator changes alice's row in the table:
      | column         | value   |
      | binding_params | (empty) |
      | expiry         | 600     |
    And the operator reloads alice
    Then the engine lists:
      | account | state            | enabled | expires |
      | alice   | REGISTERED_STATE | yes     | 600     |
    When 10 seconds pass
    And the operator changes alice's row in the table:
      | column | value |
      | state  | 1     |
    And the operator reloads alice
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 80     | #1      | 2    | expires=0    | no          | 200    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
    And the engine lists:
      | account | state                | enabled | expires |
      | alice   | NOT_REGISTERED_STATE | no      | 600     |

  @spec-9.2 @D23 @row-visit-register
  Scenario: Reload one record that is only in the table adds it
    dave's row is added to the table on second 60 and reloaded alone: his record is created
    then, with its status report identifier, and registers at his next visit, second 100.

    When 60 seconds pass
    And the operator adds a row for dave to the table with expiry 3600 and no credentials
    And the operator reloads dave
    And the clock runs to the end of second 100
    Then dave sent a REGISTER at second 100 with CSeq 1
    And the status report of dave reads:
      | second | report                                  |
      | 60     | created with state NOT_REGISTERED_STATE |
      | 100    | state changed to REGISTERING_STATE      |
      | 100    | state changed to REGISTERED_STATE       |
