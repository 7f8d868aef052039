@spec-12 @D14
Feature: Sharing tags held as leases in the shared database: failover without two active nodes
  With a cluster section, a node registers the records of a sharing tag only while it holds that
  tag's lease in the database all nodes share. The database's clock says when a lease expires;
  the node itself stops (the tag goes BACKUP on it) a safety margin before that, measured on its
  own clock from when it sent its last successful renewal. So a node cut off from the database
  has stopped before any other node can take its tag, and never sends for it afterwards. Every
  acquisition raises the lease's epoch. A node that stops gracefully frees its leases, and
  another node takes the tags at its next round instead of waiting for them to expire.
  (docs/cluster-safety.md has the whole argument.)

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket is visited
  on seconds 50, 150, 250 and so on. Her record carries the tag gw/1; she asks for 3600 seconds
  and needs no credentials. Leases last 10 s and are renewed every 2 s (on even seconds), with a
  safety margin of 1 s. Node b is another uacreg node on the same database, whose records are
  not shown. Call-ID #1 names the dialog in the tables.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And alice registers to example.org with expiry 3600 and no credentials
    And alice's row carries the sharing tag "gw/1"
    And the registrar accepts everyone
    And clustering is enabled
    And this node holds its sharing tags as leases in a shared database: lease TTL 10 s, renewed every 2 s, safety margin 1000 ms

  @row-shtag-backup @row-visit-inactive
  Scenario: A node cut off from the database stops before its lease can pass; the other node takes the tag over
    This node takes the free lease of gw/1 at second 0 (epoch 1) and registers alice on second
    50. Node b joins, but a live lease is never taken. On second 60 this node renews the lease
    (until second 70 on the database's clock), then loses the database. Its safety deadline is
    second 69 (60 + 10 - 1): alice is NOT_REGISTERED from then on, with no unREGISTER, while the
    lease still names this node. On second 70 the lease has expired and node b takes it, epoch 2.
    This node sends nothing for alice again, and when it regains the database it stays a
    follower: b's live lease is not taken back.

    When 60 seconds pass
    Then the lease of "gw/1" is held by this-node at epoch 1
    When node b joins the cluster
    And this node loses its connection to the database
    And the clock runs to the end of second 68
    Then alice is in state REGISTERED_STATE
    When the clock runs to the end of second 69
    Then alice is in state NOT_REGISTERED_STATE
    And the lease of "gw/1" is held by this-node at epoch 1
    When the clock runs to the end of second 70
    Then the lease of "gw/1" is held by b at epoch 2
    When this node regains its connection to the database
    And the clock runs to the end of second 300
    Then the lease of "gw/1" is held by b at epoch 2
    And the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
    And the registrar has 1 binding for alice

  @row-shtag-active @row-visit-register
  Scenario: A node that stops gracefully frees its lease; this node takes the tag at once and continues alice's dialog
    As above, node b holds gw/1 from second 70 (epoch 2) after this node lost the database. This
    node is back on second 100. Node b stops gracefully on second 120: it frees the lease, and
    this node takes it at its next round, on second 122, epoch 3, without waiting for an expiry.
    The visit on second 150 registers alice again in the dialog this node had: same Call-ID,
    next CSeq (§12).

    When 60 seconds pass
    And node b joins the cluster
    And this node loses its connection to the database
    And the clock runs to the end of second 99
    Then the lease of "gw/1" is held by b at epoch 2
    When this node regains its connection to the database
    And the clock runs to the end of second 119
    And node b stops gracefully
    And the clock runs to the end of second 122
    Then the lease of "gw/1" is held by this-node at epoch 3
    When the clock runs to the end of second 150
    Then the REGISTER transactions of alice were:
      | second | Call-ID | CSeq | contact      | credentials | answer |
      | 50     | #1      | 1    | expires=3600 | no          | 200    |
      | 150    | #1      | 2    | expires=3600 | no          | 200    |
    And alice is in state REGISTERED_STATE
