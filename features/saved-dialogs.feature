@N11 @N12
Feature: Saved dialogs: a restart or a takeover continues each registration instead of starting over
  OpenSIPS keeps a record's Call-ID, CSeq and timers in memory only: after a restart, and on the
  node that takes a sharing tag over, every record starts NOT_REGISTERED with a new Call-ID and
  registers at its first visit, a REGISTER burst (§12, §13). With persist_state = 1 the engine
  saves each record's dialog (Call-ID, From tag, last CSeq, the granted expiry and when the
  binding runs out; never a password) in the dialog-state table, a second after it changes; a
  REGISTER leaves only once the row with its CSeq is saved (within about 50 ms, one write for all
  the REGISTERs of that moment), so the table always holds the last CSeq sent. When
  the engine starts, or when a record's sharing tag becomes ACTIVE on this node, it reads the
  saved dialogs before it sends anything for those records, and each record continues its own:
    - a binding still valid before its refresh point: the record is REGISTERED at once, without a
      REGISTER, and refreshes when due, with the same Call-ID and From tag and the next CSeq;
    - a binding past its refresh point, expired, or none: the record registers at its first visit,
      still in the saved dialog (same Call-ID and From tag) with the next CSeq: no CSeq above the
      saved one was sent, even by a node killed just after a REGISTER went out (a registrar refuses
      a CSeq it has already seen on the Call-ID, RFC 3261 §10.3);
    - a saved row with a bad field: a warning names the field and that record starts with a new
      dialog; the other records are not affected.
  Without persist_state (the default), nothing is saved and a restart starts every record afresh,
  as OpenSIPS does.

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is visited on seconds 50, 150, 250 and so on, bob's (1 of 2) on seconds 100, 200, 300. Both ask
  for 3600 seconds and need no credentials; with P = 100, a 200 OK on second R makes the record
  due again at R + 3600 - 100 (D1). In the tables, Call-ID #1, #2 name the dialogs in the order
  they appeared.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And the registrar accepts everyone

  @row-visit-register @row-2xx-registered @row-visit-refresh
  Scenario: A restart continues the dialog: nothing sent while the binding is valid, the refresh when due in the same dialog
    alice registers on second 50; her dialog is saved a second later, the binding running out on
    second 3650. The node restarts on second 200, so her bucket is visited on seconds 250, 350 and
    so on: alice is REGISTERED at once and nothing is sent. Her refresh is due on second 3550
    (50 + 3600 - 100) and goes out at that visit, with the same Call-ID and CSeq 2.

    Given persist_state is 1
    When the clock runs to the end of second 60
    Then the dialog-state table holds alice's dialog with CSeq 1, the binding running out at second 3650
    When the clock reaches second 200
    And this node restarts
    Then alice is in state REGISTERED_STATE
    When the clock runs to the end of second 3650
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 3550   | #1      | 2    | expires=3600 | no          | 200    |
    And the state changes of alice were:
      | second | from                 | to                 | row             |
      | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE  | visit-register  |
      | 50     | REGISTERING_STATE    | REGISTERED_STATE   | 2xx-registered  |
      | 200    | NOT_REGISTERED_STATE | REGISTERED_STATE   | resumed         |
      | 3550   | REGISTERED_STATE     | REGISTERING_STATE  | visit-refresh   |
      | 3550   | REGISTERING_STATE    | REGISTERED_STATE   | 2xx-registered  |

  @row-visit-register @row-2xx-registered @row-visit-refresh
  Scenario: A node killed just after a refresh went out: the restart continues with exactly the next CSeq
    alice registers on second 50 with CSeq 1 and refreshes on second 3550 with CSeq 2; each
    REGISTER left only once its row was saved. The node is killed (kill -9) on second 3551, before
    the new binding end of that refresh's 200 OK was saved: the table says CSeq 2 and the old end,
    second 3650, so her refresh point has passed. The node starts again at once; at the first
    visit of her bucket, on second 3601, alice registers in the same dialog with CSeq 3, the next
    one, while her binding is still valid: no lapse, and no CSeq the registrar has seen.

    Given persist_state is 1
    When the clock reaches second 3551
    Then the dialog-state table holds alice's dialog with CSeq 2, the binding running out at second 3650
    When this node is killed (kill -9) and starts again
    And the clock runs to the end of second 3601
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 3550   | #1      | 2    | expires=3600 | no          | 200    |
      | 3601   | #1      | 3    | expires=3600 | no          | 200    |

  @row-visit-register @row-2xx-registered
  Scenario: By default (persist_state 0) nothing is saved and a restart starts a new dialog, as in OpenSIPS
    alice registers on second 50. The node restarts on second 200 with nothing saved: alice is
    NOT_REGISTERED and registers again at the first visit of her bucket, with a new Call-ID and
    CSeq 1.

    When the clock reaches second 200
    And this node restarts
    Then alice is in state NOT_REGISTERED_STATE
    When the clock runs to the end of second 300
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 250    | #2      | 1    | expires=3600 | no          | 200    |
    And the dialog-state table is empty

  @row-visit-inactive @row-shtag-active @row-visit-refresh @row-2xx-registered
  Scenario: A takeover continues the other node's dialog and refreshes only when due
    Another node held the sharing tag gw/1 and registered alice in the dialog it saved: CSeq 4,
    3600 seconds granted on second -600, so the binding runs out on second 3000 and the refresh
    is due on second 2900. This node becomes ACTIVE for gw/1 on second 160: alice is REGISTERED
    at once, nothing is sent (no burst), and her refresh goes out at the first visit of her bucket
    from second 2900 on, in the other node's dialog with CSeq 5.

    Given persist_state is 1
    And clustering is enabled
    And alice's row carries the sharing tag "gw/1"
    And the dialog-state table holds, saved by another node:
      | account | Call-ID                     | From tag | CSeq | granted | binding runs out at second | sharing tag |
      | alice   | 8f14e45fceea167a5a36dedd4be | c4ca4    | 4    | 3600    | 3000                       | gw/1        |
    When 160 seconds pass
    And the sharing tag "gw/1" becomes ACTIVE on this node
    Then alice is in state REGISTERED_STATE
    When the clock runs to the end of second 2950
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 2950   | #1      | 5    | expires=3600 | no          | 200    |
    And every REGISTER of alice carried the Call-ID "8f14e45fceea167a5a36dedd4be" and the From tag "c4ca4"

  @row-visit-register @row-2xx-registered
  Scenario Outline: A saved binding past its refresh point, expired or gone registers at the first visit, in the saved dialog (<what>)
    The node starts on second 0 with alice's dialog saved (CSeq 4, 3600 seconds granted), her
    binding <what>. Her refresh point has passed, so she registers at the first visit of her
    bucket, on second 50, with the saved Call-ID and From tag and CSeq 5, the next one.

    Given persist_state is 1
    And the dialog-state table holds, saved by another node:
      | account | Call-ID                     | From tag | CSeq | granted | binding runs out at second | sharing tag |
      | alice   | 8f14e45fceea167a5a36dedd4be | c4ca4    | 4    | 3600    | <runs out>                 | none        |
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 5    | expires=3600 | no          | 200    |
    And every REGISTER of alice carried the Call-ID "8f14e45fceea167a5a36dedd4be" and the From tag "c4ca4"

    Examples:
      | runs out | what                                                               |
      | 90       | running out on second 90, so its refresh was due on second -10     |
      | -500     | expired on second -500, before the start                           |
      | none     | gone (never granted, or removed by an unREGISTER)                  |

  @row-visit-register @row-2xx-registered
  Scenario: A saved row with a bad field is named and skipped: that record starts afresh, the others continue
    bob's saved CSeq is "seven": the engine warns, naming the field cseq, and bob registers at
    his first visit in a new dialog with CSeq 1. alice's saved dialog is good: she is REGISTERED
    at the start and sends nothing before her refresh is due on second 2900.

    Given bob registers to example.org with expiry 3600 and no credentials
    And persist_state is 1
    And the dialog-state table holds, saved by another node:
      | account | Call-ID                     | From tag | CSeq  | granted | binding runs out at second | sharing tag |
      | alice   | 8f14e45fceea167a5a36dedd4be | c4ca4    | 4     | 3600    | 3000                       | none        |
      | bob     | c9f0f895fb98ab9159f51fd0297 | 45c48    | seven | 3600    | 3000                       | none        |
    When the clock runs to the end of second 200
    Then the engine skipped the saved dialog of bob, naming the field cseq
    And alice is in state REGISTERED_STATE
    And alice sent 0 REGISTERs
    And the REGISTER transactions of bob were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 100    | #1      | 1    | expires=3600 | no          | 200    |
