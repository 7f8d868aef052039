@D26a @spec-11 @spec-9.3
Feature: Status/Report after a replacement tells the state of the record that now holds the triple
  An upsert, a full reload or a reload-one replaces the record of a triple (aor, contact,
  registrar) by a new one, and the Status/Report identifier stays with the triple (D23). The
  identifier must then show the new record's state, not the old one's: when the new record does
  not take over the old one's registration (it is disabled, or the old one was not REGISTERED),
  it starts NOT_REGISTERED, and the identifier reads status -1, text NOT_REGISTERED_STATE, with
  the report "replaced with state NOT_REGISTERED_STATE" at the second of the replacement.
  Nothing is added when the new record keeps the registration, nor when the identifier already
  reads NOT_REGISTERED_STATE, so a disabled row reloaded again and again adds nothing (D26a). The
  unREGISTER that removes the old binding belongs to no record and raises no event and no report
  (D26).

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice and carol are in
  bucket 0, visited on seconds 50, 150, 250 and so on. They ask for 3600 seconds at
  example.org. The report tables show the second each report was added (seconds since the start;
  sr_list_reports shows Unix time) and its text without the trailing newline. The state-change
  tables come from the engine's run log, the material `uacreg timeline` draws: its row "replaced"
  is the replacement, which no transition-table row decides.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And the registrar accepts everyone

  @D26 @row-visit-register @row-2xx-registered
  Scenario: upsert replaces a registered record by a disabled one: the identifier reads NOT_REGISTERED_STATE
    alice registers on second 50. On second 60 the operator upserts her with state 1. Her binding
    is removed by an unREGISTER that belongs to no record (no event, D26), and her identifier
    reads -1 NOT_REGISTERED_STATE from then on, with the "replaced" report of second 60. The same
    upsert again on second 70 finds the identifier reading NOT_REGISTERED_STATE already: nothing
    is added.

    When 60 seconds pass
    And the operator upserts alice with:
      | column | value |
      | state  | 1     |
    Then the status of alice is -1 with text NOT_REGISTERED_STATE
    When 10 seconds pass
    And the operator upserts alice with:
      | column | value |
      | state  | 1     |
    And the clock runs to the end of second 400
    Then the status of alice is -1 with text NOT_REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                   |
      | 0      | created with state NOT_REGISTERED_STATE  |
      | 50     | state changed to REGISTERING_STATE       |
      | 50     | state changed to REGISTERED_STATE        |
      | 60     | replaced with state NOT_REGISTERED_STATE |
    And the state changes of alice were:
      | second | from                 | to                   | row            |
      | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
      | 50     | REGISTERING_STATE    | REGISTERED_STATE     | 2xx-registered |
      | 60     | REGISTERED_STATE     | NOT_REGISTERED_STATE | replaced       |
    And the timelines of alice drawn from the run log and from sr_list_reports agree
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 60     | #1      | 2    | expires=0    | no          | 200    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
    And the registrar has 0 bindings for alice

  @D5 @row-registrar-error @row-visit-register @row-2xx-registered
  Scenario: upsert replaces a record in an error state by an enabled one: it starts NOT_REGISTERED
    The registrar refuses alice's first REGISTER with 403: REGISTRAR_ERROR on second 50. The
    upsert on second 60 gives her expiry 600. The new record is enabled but has no registration
    to take over: it starts NOT_REGISTERED, and so does the identifier, until the record
    registers at its bucket's next visit, second 150, in a new dialog.

    Given the registrar answers alice with 403 once, then accepts
    When 60 seconds pass
    And the operator upserts alice with:
      | column | value |
      | expiry | 600   |
    Then the status of alice is -1 with text NOT_REGISTERED_STATE
    When the clock runs to the end of second 150
    Then the status of alice is 1 with text REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                   |
      | 0      | created with state NOT_REGISTERED_STATE  |
      | 50     | state changed to REGISTERING_STATE       |
      | 50     | state changed to REGISTRAR_ERROR_STATE   |
      | 60     | replaced with state NOT_REGISTERED_STATE |
      | 150    | state changed to REGISTERING_STATE       |
      | 150    | state changed to REGISTERED_STATE        |
    And the state changes of alice were:
      | second | from                  | to                    | row             |
      | 50     | NOT_REGISTERED_STATE  | REGISTERING_STATE     | visit-register  |
      | 50     | REGISTERING_STATE     | REGISTRAR_ERROR_STATE | registrar-error |
      | 60     | REGISTRAR_ERROR_STATE | NOT_REGISTERED_STATE  | replaced        |
      | 150    | NOT_REGISTERED_STATE  | REGISTERING_STATE     | visit-register  |
      | 150    | REGISTERING_STATE     | REGISTERED_STATE      | 2xx-registered  |
    And the timelines of alice drawn from the run log and from sr_list_reports agree
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 403    |
      | 150    | #2      | 1    | expires=600  | no          | 200    |

  @D26 @row-visit-register @row-2xx-registered
  Scenario: upsert while the REGISTER is in flight: the new record starts NOT_REGISTERED, and so does the identifier
    The registrar takes 5 seconds to answer alice's first REGISTER, sent on second 50; on second
    52, while she is REGISTERING, she is upserted with expiry 600. The new record owns the
    binding but not the registration: it starts NOT_REGISTERED (the 200 of second 55 reaches no
    record) and registers at its next visit, second 150.

    Given the registrar answers alice's first REGISTER with a 200 after 5 seconds
    When 52 seconds pass
    And the operator upserts alice with:
      | column | value |
      | expiry | 600   |
    And the clock runs to the end of second 60
    Then the status of alice is -1 with text NOT_REGISTERED_STATE
    When the clock runs to the end of second 150
    Then the status report of alice reads:
      | second | report                                   |
      | 0      | created with state NOT_REGISTERED_STATE  |
      | 50     | state changed to REGISTERING_STATE       |
      | 52     | replaced with state NOT_REGISTERED_STATE |
      | 150    | state changed to REGISTERING_STATE       |
      | 150    | state changed to REGISTERED_STATE        |
    And the timelines of alice drawn from the run log and from sr_list_reports agree

  @row-visit-register @row-2xx-registered
  Scenario: A replacement that keeps the registration adds nothing
    alice registers on second 50 and is upserted with expiry 600 on second 60, enabled: the new
    record takes over her registration (D3), and her identifier goes on reading 1
    REGISTERED_STATE with no new report.

    When 60 seconds pass
    And the operator upserts alice with:
      | column | value |
      | expiry | 600   |
    Then the status of alice is 1 with text REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to REGISTERED_STATE       |
    And the timelines of alice drawn from the run log and from sr_list_reports agree

  @spec-9.2 @D26 @row-visit-register @row-2xx-registered
  Scenario: A full reload with a registered record disabled in the table; later reloads add nothing
    alice and carol register on second 50. On second 120 carol's state column is set to 1 and
    the table reloaded: carol's binding is removed (D26) and her identifier reads
    NOT_REGISTERED_STATE, with the report of second 120. The reloads of seconds 130 and 140 find
    her row unchanged and her identifier already NOT_REGISTERED_STATE: they add nothing. alice's
    record is kept as it was, registered, with no new report.

    Given carol registers to example.org with expiry 3600 and no credentials
    When 120 seconds pass
    And the operator changes carol's row in the table:
      | column | value |
      | state  | 1     |
    And the operator reloads all records
    And 10 seconds pass
    And the operator reloads all records
    And 10 seconds pass
    And the operator reloads all records
    Then the status of carol is -1 with text NOT_REGISTERED_STATE
    And the status report of carol reads:
      | second | report                                   |
      | 0      | created with state NOT_REGISTERED_STATE  |
      | 50     | state changed to REGISTERING_STATE       |
      | 50     | state changed to REGISTERED_STATE        |
      | 120    | replaced with state NOT_REGISTERED_STATE |
    And the timelines of carol drawn from the run log and from sr_list_reports agree
    And the status of alice is 1 with text REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to REGISTERED_STATE       |
    And the REGISTER transactions of carol were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 120    | #1      | 2    | expires=0    | no          | 200    |

  @spec-9.2 @D26 @row-visit-register @row-2xx-registered
  Scenario: A reload of one record disabled in the table; reloading it again adds nothing
    alice registers on second 50. On second 80 her state column is set to 1 and she alone is
    reloaded: her binding is removed (D26) and her identifier reads NOT_REGISTERED_STATE, with
    the report of second 80. Reloading her again on second 90 adds nothing.

    When 80 seconds pass
    And the operator changes alice's row in the table:
      | column | value |
      | state  | 1     |
    And the operator reloads alice
    And 10 seconds pass
    And the operator reloads alice
    Then the status of alice is -1 with text NOT_REGISTERED_STATE
    And the status report of alice reads:
      | second | report                                   |
      | 0      | created with state NOT_REGISTERED_STATE  |
      | 50     | state changed to REGISTERING_STATE       |
      | 50     | state changed to REGISTERED_STATE        |
      | 80     | replaced with state NOT_REGISTERED_STATE |
    And the timelines of alice drawn from the run log and from sr_list_reports agree
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 80     | #1      | 2    | expires=0    | no          | 200    |

  @spec-9.2
  Scenario: A row disabled from the start never gets a replaced report, however often it is reloaded
    carol's row is disabled (state 1) when the engine loads the table: her identifier is created
    reading NOT_REGISTERED_STATE, and the reloads of seconds 60, 70 and 80 leave it so, with the
    one "created" report.

    Given carol registers to example.org with expiry 3600 and no credentials
    And carol's row has:
      | column | value |
      | state  | 1     |
    When 60 seconds pass
    And the operator reloads all records
    And 10 seconds pass
    And the operator reloads all records
    And 10 seconds pass
    And the operator reloads carol
    Then the status of carol is -1 with text NOT_REGISTERED_STATE
    And the status report of carol reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
    And carol sent 0 REGISTERs
