@spec-12 @D14
Feature: Sharing tags: only the node where a record's tag is ACTIVE registers it
  Two registrant nodes can share one table: a record whose cluster_shtag column holds a sharing
  tag (name/cluster_id, e.g. gw/1) is registered only by the node where that tag is ACTIVE; on
  the BACKUP node it stays NOT_REGISTERED and sends nothing (§12). Nothing is handed over between
  nodes: the node that becomes ACTIVE registers the record at its next visit, and the node that
  becomes BACKUP forgets the registration without removing the binding, since the other node
  takes it over. A tag this node has never heard of is BACKUP.

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is visited on seconds 50, 150, 250 and so on, bob's (1 of 2) on seconds 100, 200, 300. alice's
  record carries the tag gw/1; both ask for 3600 seconds and need no credentials. In the tables,
  Call-ID #1 names the dialog, and the contact column shows the expiry the REGISTER asked for.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And alice's row carries the sharing tag "gw/1"
    And the registrar accepts everyone

  @row-visit-inactive @row-shtag-active @row-visit-register @row-2xx-registered
  Scenario: A record whose tag is BACKUP sends nothing; once the tag is ACTIVE it registers at its next visit
    This node has never heard of gw/1, so the visits on seconds 50 and 150 pass alice by. The
    tag becomes ACTIVE on second 160: nothing is sent then, and the next visit of her bucket,
    on second 250, registers her.

    Given clustering is enabled
    When 160 seconds pass
    Then alice sent 0 REGISTERs
    When the sharing tag "gw/1" becomes ACTIVE on this node
    And the clock runs to the end of second 250
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 250    | #1      | 1    | expires=3600 | no          | 200    |
    And alice is in state REGISTERED_STATE

  @spec-5.3 @spec-11 @row-shtag-backup @row-visit-inactive @row-shtag-active @row-visit-register
  Scenario: A tag going BACKUP drops the registration without an unREGISTER; going ACTIVE again registers in the same dialog
    alice registers on second 50. On second 60 this node becomes the BACKUP for gw/1: alice is
    NOT_REGISTERED at once, with a status report line but no event, and nothing is sent: the
    registrar keeps her binding, for the node that took over. The visits on seconds 150 and 250
    pass her by. The tag is ACTIVE again on second 260, and the visit on second 350 registers
    her with the Call-ID she had and the next CSeq (§12).

    Given clustering is enabled
    And the sharing tag "gw/1" is ACTIVE on this node
    When 60 seconds pass
    And the sharing tag "gw/1" becomes BACKUP on this node
    Then alice is in state NOT_REGISTERED_STATE
    When 200 seconds pass
    Then the registrar has 1 binding for alice
    When the sharing tag "gw/1" becomes ACTIVE on this node
    And the clock runs to the end of second 350
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 350    | #1      | 2    | expires=3600 | no          | 200    |
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
      | 50     | E_REGISTRANT_REGISTERED  |
      | 350    | E_REGISTRANT_REGISTERING |
      | 350    | E_REGISTRANT_REGISTERED  |
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 50     | state changed to REGISTERED_STATE       |
      | 60     | state changed to NOT_REGISTERED_STATE   |
      | 350    | state changed to REGISTERING_STATE      |
      | 350    | state changed to REGISTERED_STATE       |

  @spec-8 @spec-9.2 @row-disable-flag @row-enable-flag @row-force-register @row-visit-inactive
  Scenario: On the BACKUP node, disable, enable and force_register change the flag and the state column but send nothing
    gw/1 is BACKUP here. The operator disables alice on second 60 (state column 1), enables her
    on second 70 (state column 0) and forces her to register on second 80. On the ACTIVE node
    the enable would have registered her at once; here nothing is sent, then or at any visit
    (D14).

    Given clustering is enabled
    When 60 seconds pass
    And the operator disables alice
    Then the state column of alice's row is 1
    And the engine lists:
      | account | state                | enabled | expires |
      | alice   | NOT_REGISTERED_STATE | no      | 3600    |
    When 10 seconds pass
    And the operator enables alice
    Then the state column of alice's row is 0
    When 10 seconds pass
    And the operator forces alice to register
    And the clock runs to the end of second 400
    Then alice sent 0 REGISTERs
    And the engine wrote the state column 2 times
    And the engine lists:
      | account | state                | enabled | expires |
      | alice   | NOT_REGISTERED_STATE | yes     | 3600    |
    And the events of alice were:
      | second | event |

  @spec-5.3 @row-shtag-backup @row-reply-inactive-idle @row-visit-inactive
  Scenario: A 200 that arrives after the tag went BACKUP leaves the record NOT_REGISTERED
    The registrar holds the 200 to alice's first REGISTER for 3 seconds. On second 51, while
    it is in flight, this node becomes the BACKUP for gw/1: alice is NOT_REGISTERED at once. The
    200 on second 53 does not make her REGISTERED here (OpenSIPS would, and then never refresh
    her, Q24): the registration belongs to the node that took over.

    Given clustering is enabled
    And the sharing tag "gw/1" is ACTIVE on this node
    And the registrar answers alice's first REGISTER with a 200 after 3 seconds
    When the clock runs to the end of second 50
    And 1 second passes
    And the sharing tag "gw/1" becomes BACKUP on this node
    And the clock runs to the end of second 400
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
    And alice is in state NOT_REGISTERED_STATE
    And the events of alice were:
      | second | event                    |
      | 50     | E_REGISTRANT_REGISTERING |
    And the status report of alice reads:
      | second | report                                  |
      | 0      | created with state NOT_REGISTERED_STATE |
      | 50     | state changed to REGISTERING_STATE      |
      | 51     | state changed to NOT_REGISTERED_STATE   |

  @spec-9.2 @D3 @row-visit-inactive
  Scenario: A reload that moves a registered record to a tag that is BACKUP here drops it without an unREGISTER
    gw/1 is ACTIVE here and alice registers on second 50. On second 120 her row is given the tag
    gw/2, which this node has never heard of (BACKUP), and the table is reloaded. Her triple is
    unchanged, but this node may no longer send for her: she is NOT_REGISTERED at once and
    nothing is sent, then or when her refresh would have been due (3550). Her binding is left
    to the node where gw/2 is ACTIVE, as when a tag goes BACKUP.

    Given clustering is enabled
    And the sharing tag "gw/1" is ACTIVE on this node
    When 120 seconds pass
    And the operator changes alice's row in the table:
      | column        | value |
      | cluster_shtag | gw/2  |
    And the operator reloads all records
    And 1 second passes
    Then alice is in state NOT_REGISTERED_STATE
    And the registrar has 1 binding for alice
    When the clock runs to the end of second 3700
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
    And alice is in state NOT_REGISTERED_STATE

  @row-visit-inactive @row-visit-register
  Scenario: With clustering disabled, a record with a sharing tag is never registered
    enable_clustering is 0 (the default). alice's tag gw/1 is ACTIVE in this node's cluster view,
    yet she is never registered: without clustering no tag can be ACTIVE (§12, checklist
    C-CL-3). A tag with cluster id 0 means no clustering at all: bob's gw/0 does not hold him
    back, and he registers at his first visit, second 100.

    Given bob registers to example.org with expiry 3600 and no credentials
    And bob's row carries the sharing tag "gw/0"
    And the sharing tag "gw/1" is ACTIVE on this node
    When the clock runs to the end of second 400
    Then alice sent 0 REGISTERs
    And alice is in state NOT_REGISTERED_STATE
    And the REGISTER transactions of bob were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 100    | #1      | 1    | expires=3600 | no          | 200    |

  @spec-13 @D22 @row-visit-register
  Scenario: A row with a bad cluster id is rejected alone at start-up
    OpenSIPS aborts the whole load for one bad cluster id (Q5). Here alice's row, whose cluster
    id is not a number, is rejected with the column and the reason, and bob's row loads and
    registers at his first visit, second 100.

    Given clustering is enabled
    And bob registers to example.org with expiry 3600 and no credentials
    And alice's row carries the sharing tag "gw/one", which the engine must reject
    When the engine starts
    Then the load rejected alice's row, naming cluster_shtag
    When the clock runs to the end of second 100
    Then the engine has no record for alice
    And alice sent 0 REGISTERs
    And bob sent a REGISTER at second 100 with CSeq 1

  @spec-9.2 @D3 @D22 @D26 @row-visit-not-due @row-visit-refresh
  Scenario: A row given a bad cluster id is rejected alone by a full reload
    alice (gw/1 ACTIVE) registers on second 50 and bob on second 100. On second 120 bob's row
    gets the cluster id "x" and the table is reloaded: bob's row is rejected, so his record
    leaves the engine like a removed row and his binding is removed with an unREGISTER in his
    dialog (D3, D26); alice's record is kept as it was, and refreshed at 3550 in her dialog.

    Given clustering is enabled
    And the sharing tag "gw/1" is ACTIVE on this node
    And bob registers to example.org with expiry 3600 and no credentials
    When 120 seconds pass
    And the operator gives bob's row in the table the sharing tag "gw/x", which the engine must reject
    And the operator reloads all records
    Then the load rejected bob's row, naming cluster_shtag
    When the clock runs to the end of second 3550
    Then the REGISTER transactions of bob were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 100    | #1      | 1    | expires=3600 | no          | 200    |
      | 120    | #1      | 2    | expires=0    | no          | 200    |
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 3550   | #1      | 2    | expires=3600 | no          | 200    |
    And the engine has no record for bob
