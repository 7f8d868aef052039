@spec-5 @spec-5.1 @spec-5.3
Feature: The ten states of a record, each reached and left as the transition table says
  A record is always in one of ten states (docs/transition-table.md). A bucket visit, a reply
  (or its absence), an operator's command or a sharing tag's change moves it, and the first row
  of the transition table that fits decides where to. Each scenario below shows the state
  changes it causes as a table: the second, the state left, the state entered and the name of
  the table row that decided (rows that leave the state unchanged do not appear there but are
  named in the scenario's tags, and the suite checks that each of them really fired).

  In every scenario the engine starts at second 0 with timer_interval T = 100 and hash_size 1:
  two buckets, one visited every 50 seconds. alice (sip:alice@example.org) is in bucket 0, so
  her record is visited on seconds 50, 150, 250 and so on. She asks for E = 300 seconds and
  P = 100, so a 200 on second R makes her due again at TO = R + 300 - 100 = R + 200 (D1).
  failure_retry_interval is 200, so a failure on second F is retried at the first visit on or
  after TO = F + 200 - 100 = F + 100 (D5). A transaction without an answer ends 30 seconds after
  its REGISTER (transaction_timeout, D15). Nothing is lost or delayed on the network.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And failure_retry_interval is 200

  Rule: NOT_REGISTERED, REGISTERING and REGISTERED: the everyday cycle

    @row-visit-register @row-2xx-registered @row-visit-not-due @row-visit-refresh @D1 @D27
    Scenario: Registered on the first visit, left alone until due, refreshed on the visit at TO
      The 200 of second 50 makes TO = 50 + 200 = 250: the visit of second 150 finds alice not due
      and does nothing; the visit of second 250 refreshes her in the same dialog.

      Given alice registers to example.org with expiry 300 and no credentials
      And the registrar accepts everyone
      When the clock runs to the end of second 250
      Then the state changes of alice were:
        | second | from                 | to                | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE | visit-register |
        | 50     | REGISTERING_STATE    | REGISTERED_STATE  | 2xx-registered |
        | 250    | REGISTERED_STATE     | REGISTERING_STATE | visit-refresh  |
        | 250    | REGISTERING_STATE    | REGISTERED_STATE  | 2xx-registered |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | credentials | answer |
        | 50     | #1      | 1    | no          | 200    |
        | 250    | #1      | 2    | no          | 200    |

    @row-visit-idle-disabled @row-enable-register @row-enable-already @spec-8
    Scenario: A disabled record stays NOT_REGISTERED until the operator enables it
      The row's state column is 1: the visits of seconds 50 and 150 leave alice alone. Enabled on
      second 160, she registers at once; enabling her again changes nothing.

      Given alice registers to example.org with expiry 300 and no credentials
      And the record of alice has state "1"
      And the registrar accepts everyone
      When the clock reaches second 160
      Then alice sent 0 REGISTERs
      And alice is in state NOT_REGISTERED_STATE
      When the operator enables alice
      And the operator enables alice
      And the clock runs to the end of second 160
      Then the state changes of alice were:
        | second | from                 | to                | row             |
        | 160    | NOT_REGISTERED_STATE | REGISTERING_STATE | enable-register |
        | 160    | REGISTERING_STATE    | REGISTERED_STATE  | 2xx-registered  |
      And alice sent 1 REGISTER
      And the state column of alice's row is 0

    @row-auth-register @row-2xx-registered @spec-6.3
    Scenario: AUTHENTICATING: the challenge is answered in the same dialog and accepted
      Given alice registers to example.org with password wonderland and expiry 300
      And the registrar challenges alice with MD5 then accepts
      When the clock runs to the end of second 50
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 50     | REGISTERING_STATE    | AUTHENTICATING_STATE | auth-register  |
        | 50     | AUTHENTICATING_STATE | REGISTERED_STATE     | 2xx-registered |

    @row-force-register @row-visit-refresh @row-force-register-disabled @spec-9.2
    Scenario: force_register makes a REGISTERED record due at once; the next visit refreshes it
      alice is due on second 250; forced on second 60, she is refreshed by the visit of second
      150. bob's record is disabled: forcing it does nothing.

      Given alice registers to example.org with expiry 300 and no credentials
      And bob registers to example.org with expiry 300 and no credentials
      And the record of bob has state "1"
      And the registrar accepts everyone
      When the clock reaches second 60
      And the operator forces alice to register
      And the operator forces bob to register
      And the clock runs to the end of second 150
      Then the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | credentials | answer |
        | 50     | #1      | 1    | no          | 200    |
        | 150    | #1      | 2    | no          | 200    |
      And bob sent 0 REGISTERs

  Rule: The error states: entered on a failure, left at the first visit on or after TO

    @D5 @D27
    Scenario Outline: <what> puts alice in <state>; the retry visit starts a new dialog
      The failure is handled on second <F>: TO = <F> + 100 = <TO>, and the first visit on or after
      it is second <retry>; the retry starts a new dialog (Call-ID #2, CSeq 1).

      Given alice registers to example.org with expiry 300 and no credentials
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - <step>
                repeat: forever
        """
      When the clock runs to the end of second <F2>
      Then the state changes of alice were:
        | second  | from                 | to                | row            |
        | 50      | NOT_REGISTERED_STATE | REGISTERING_STATE | visit-register |
        | <F>     | REGISTERING_STATE    | <state>           | <row>          |
        | <retry> | <state>              | REGISTERING_STATE | visit-retry    |
        | <F2>    | REGISTERING_STATE    | <state>           | <row>          |
      And alice sent a REGISTER at second <retry> with a new Call-ID and CSeq 1

      @row-registrar-error @row-visit-retry
      Examples: REGISTRAR_ERROR
        | what                 | step                   | state                 | row             | F  | TO  | retry | F2  |
        | A 403                | respond: { code: 403 } | REGISTRAR_ERROR_STATE | registrar-error | 50 | 150 | 150   | 150 |
        | A 503                | respond: { code: 503 } | REGISTRAR_ERROR_STATE | registrar-error | 50 | 150 | 150   | 150 |
        | A 400, the first 4xx | respond: { code: 400 } | REGISTRAR_ERROR_STATE | registrar-error | 50 | 150 | 150   | 150 |

      @row-redirect @row-visit-retry
      Examples: INTERNAL_ERROR
        | what                 | step                   | state                | row      | F  | TO  | retry | F2  |
        | A 302                | respond: { code: 302 } | INTERNAL_ERROR_STATE | redirect | 50 | 150 | 150   | 150 |
        | A 300, the first 3xx | respond: { code: 300 } | INTERNAL_ERROR_STATE | redirect | 50 | 150 | 150   | 150 |

      @row-auth-no-credentials @row-visit-retry
      Examples: WRONG_CREDENTIALS
        | what                                  | step                    | state                   | row                 | F  | TO  | retry | F2  |
        | A challenge to a record without credentials | challenge: {}     | WRONG_CREDENTIALS_STATE | auth-no-credentials | 50 | 150 | 150   | 150 |

      @row-timeout @row-visit-retry @row-visit-not-due @D15 @D25
      Examples: REGISTER_TIMEOUT (no answer: the transaction ends 30 seconds later)
        | what                  | step            | state                  | row     | F  | TO  | retry | F2  |
        | Silence               | silence: true   | REGISTER_TIMEOUT_STATE | timeout | 80 | 180 | 250   | 280 |

    @spec-5.2 @D5
    Scenario Outline: A reply alice cannot use is an INTERNAL_ERROR: <what>
      Given alice registers to example.org with password wonderland and expiry 300
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - <step>
        """
      When the clock runs to the end of second 50
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 50     | REGISTERING_STATE    | INTERNAL_ERROR_STATE | <row>          |
      And alice sent 1 REGISTER

      @row-2xx-no-contact
      Examples: a 200 without Contact
        | what                  | step                                              | row            |
        | a 200 without Contact | accept: { omitContact: true }                     | 2xx-no-contact |
        | a 200 with Contact: * | respond: { code: 200, headers: { Contact: "*" } } | 2xx-no-contact |

      @row-auth-unusable-challenge @spec-6.4 @D9
      Examples: a challenge without a usable digest challenge
        | what                               | step                   | row                     |
        | a 401 without any challenge header | respond: { code: 401 } | auth-unusable-challenge |

    @row-2xx-unparsable @spec-5.2 @D5
    Scenario: A 200 whose Contact does not parse is an INTERNAL_ERROR
      Given alice registers to example.org with password wonderland and expiry 300
      And the registrar runs the shipped script "malformed-200"
      When the clock runs to the end of second 50
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 50     | REGISTERING_STATE    | INTERNAL_ERROR_STATE | 2xx-unparsable |

    @row-transport-error @D25 @D18
    Scenario: A next hop that cannot be resolved is a transport error: INTERNAL_ERROR at once
      alice's outbound proxy has a name the resolver does not know: nothing can be sent, and the
      record is an INTERNAL_ERROR on second 50 without waiting for a timeout; TO = 150.

      Given alice registers to example.org with expiry 300 and no credentials
      And the record of alice has proxy "sip:nowhere.example.org"
      And the registrar accepts everyone
      When the clock runs to the end of second 150
      Then the state changes of alice were:
        | second | from                 | to                   | row             |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register  |
        | 50     | REGISTERING_STATE    | INTERNAL_ERROR_STATE | transport-error |
        | 150    | INTERNAL_ERROR_STATE | REGISTERING_STATE    | visit-retry     |
        | 150    | REGISTERING_STATE    | INTERNAL_ERROR_STATE | transport-error |
      And the registrar has 0 bindings for alice

    @row-2xx-binding-removed @D17
    Scenario: A 200 that lists our own contact with expires=0 is a REGISTRAR_ERROR
      Given alice registers to example.org with expiry 300 and no credentials
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              # The bytes as sent; the blank line that ends the headers is the last "\n".
              - raw: { text: "SIP/2.0 200 OK\nVia: ${via}\nFrom: ${from}\nTo: ${to};tag=${to-tag}\nCall-ID: ${call-id}\nCSeq: ${cseq}\nContact: <sip:alice@10.0.0.1:5060>;expires=0\nContent-Length: 0\n\n" }
        """
      When the clock runs to the end of second 50
      Then the state changes of alice were:
        | second | from                 | to                    | row                 |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE     | visit-register      |
        | 50     | REGISTERING_STATE    | REGISTRAR_ERROR_STATE | 2xx-binding-removed |

    @row-disable-flag @row-disable-already @row-enable-flag @row-visit-retry @spec-8
    Scenario: In an error state, disable and enable only change the flag; the retry follows it
      The 403 of second 50 makes TO = 150. Disabling alice on second 60 sends nothing (she has no
      binding to remove) and writes the state column 1; disabling her again changes nothing.
      Enabled again on second 70, she stays REGISTRAR_ERROR (state column 0) until the retry
      visit of second 150.

      Given alice registers to example.org with expiry 300 and no credentials
      And the registrar answers alice with 403
      When the clock reaches second 60
      And the operator disables alice
      And the operator disables alice
      Then the state column of alice's row is 1
      And alice is in state REGISTRAR_ERROR_STATE
      When the clock reaches second 70
      And the operator enables alice
      Then the state column of alice's row is 0
      And alice is in state REGISTRAR_ERROR_STATE
      When the clock runs to the end of second 150
      Then the state changes of alice were:
        | second | from                  | to                    | row             |
        | 50     | NOT_REGISTERED_STATE  | REGISTERING_STATE     | visit-register  |
        | 50     | REGISTERING_STATE     | REGISTRAR_ERROR_STATE | registrar-error |
        | 150    | REGISTRAR_ERROR_STATE | REGISTERING_STATE     | visit-retry     |
        | 150    | REGISTERING_STATE     | REGISTRAR_ERROR_STATE | registrar-error |
      And alice sent 2 REGISTERs

    @row-disable-flag @row-visit-retry-disabled @row-2xx-unregistered @row-visit-idle-disabled @spec-8 @D3
    Scenario: A record disabled in an error state sends an unREGISTER at its retry visit
      The 403 of second 50 makes TO = 150; alice is disabled on second 60. The visit of second 150
      does not register her again: it removes whatever binding the registrar may still hold with
      an unREGISTER (expires=0) in the same dialog, and the 200 leaves her NOT_REGISTERED. The
      visit of second 250 leaves the disabled record alone.

      Given alice registers to example.org with expiry 300 and no credentials
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            when: { kind: unregister }
            steps:
              - accept: {}
                repeat: forever
          - for: sip:alice@example.org
            steps:
              - respond: { code: 403 }
                repeat: forever
        """
      When the clock reaches second 60
      And the operator disables alice
      And the clock runs to the end of second 250
      Then the state changes of alice were:
        | second | from                  | to                    | row                      |
        | 50     | NOT_REGISTERED_STATE  | REGISTERING_STATE     | visit-register           |
        | 50     | REGISTERING_STATE     | REGISTRAR_ERROR_STATE | registrar-error          |
        | 150    | REGISTRAR_ERROR_STATE | UNREGISTERING_STATE   | visit-retry-disabled     |
        | 150    | UNREGISTERING_STATE   | NOT_REGISTERED_STATE  | 2xx-unregistered         |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | contact      | credentials | answer |
        | 50     | #1      | 1    | expires=300  | no          | 403    |
        | 150    | #1      | 2    | expires=0    | no          | 200    |

  Rule: UNREGISTERING and AUTHENTICATING_UNREGISTER: removing the binding

    @row-disable-unregister @row-auth-unregister @row-auth-unregister-new-challenge @row-auth-unregister-rejected @row-visit-not-due @row-visit-retry-disabled @row-2xx-unregistered @spec-8 @D10 @D5
    Scenario: A challenged unREGISTER: answered, challenged with a new nonce, answered, rejected
      alice is registered on second 50 and disabled on second 60. The unREGISTER is challenged;
      its answer is challenged again with a fresh nonce, so D10 allows one more answer; that one
      is challenged too: WRONG_CREDENTIALS on second 60, TO = 60 + 200 - 100 = 160 (D5), no
      longer the refresh time 250 that the 200 of second 50 had set. The visit of second 150 is
      before TO; the visit of second 250 sends the unREGISTER again (the record is still
      disabled), in the same dialog; this time the registrar checks the answer and accepts it,
      and TO goes back to 0: nothing is scheduled for a record without a binding.

      Given alice registers to example.org with password wonderland and expiry 300
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            when: { kind: unregister }
            steps:
              - challenge: {}
                times: 3
              - default: true
                repeat: forever
          - for: sip:alice@example.org
            steps:
              - accept: {}
                repeat: forever
        """
      When the clock reaches second 60
      And the operator disables alice
      And the clock runs to the end of second 60
      Then reg_list shows alice with registration_t_out at second 160
      When the clock runs to the end of second 250
      Then the state changes of alice were:
        | second | from                            | to                              | row                           |
        | 50     | NOT_REGISTERED_STATE            | REGISTERING_STATE               | visit-register                |
        | 50     | REGISTERING_STATE               | REGISTERED_STATE                | 2xx-registered                |
        | 60     | REGISTERED_STATE                | UNREGISTERING_STATE             | disable-unregister            |
        | 60     | UNREGISTERING_STATE             | AUTHENTICATING_UNREGISTER_STATE | auth-unregister               |
        | 60     | AUTHENTICATING_UNREGISTER_STATE | AUTHENTICATING_UNREGISTER_STATE | auth-unregister-new-challenge |
        | 60     | AUTHENTICATING_UNREGISTER_STATE | WRONG_CREDENTIALS_STATE         | auth-unregister-rejected      |
        | 250    | WRONG_CREDENTIALS_STATE         | UNREGISTERING_STATE             | visit-retry-disabled          |
        | 250    | UNREGISTERING_STATE             | AUTHENTICATING_UNREGISTER_STATE | auth-unregister               |
        | 250    | AUTHENTICATING_UNREGISTER_STATE | NOT_REGISTERED_STATE            | 2xx-unregistered              |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | contact     | credentials | answer |
        | 50     | #1      | 1    | expires=300 | no          | 200    |
        | 60     | #1      | 2    | expires=0   | no          | 401    |
        | 60     | #1      | 3    | expires=0   | yes         | 401    |
        | 60     | #1      | 4    | expires=0   | yes         | 401    |
        | 250    | #1      | 5    | expires=0   | no          | 401    |
        | 250    | #1      | 6    | expires=0   | yes         | 200    |
      And the registrar has 0 bindings for alice
      And reg_list shows alice with registration_t_out 0

    @row-423-unregister @D7
    Scenario: A 423 to an unREGISTER is a REGISTRAR_ERROR
      Given alice registers to example.org with expiry 300 and no credentials
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            when: { kind: unregister }
            steps:
              - respond:
                  code: 423
                  headers: { Min-Expires: 600 }
                repeat: forever
          - for: sip:alice@example.org
            steps:
              - accept: {}
                repeat: forever
        """
      When the clock reaches second 60
      And the operator disables alice
      And the clock runs to the end of second 60
      Then the state changes of alice were:
        | second | from                 | to                    | row                |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE     | visit-register     |
        | 50     | REGISTERING_STATE    | REGISTERED_STATE      | 2xx-registered     |
        | 60     | REGISTERED_STATE     | UNREGISTERING_STATE   | disable-unregister |
        | 60     | UNREGISTERING_STATE  | REGISTRAR_ERROR_STATE | 423-unregister     |

    @row-disable-unregister @row-auth-unregister @row-423-unregister @D7 @D5 @spec-6.3
    Scenario: A 423 to the answered unREGISTER is a REGISTRAR_ERROR too
      alice is registered on second 50 and disabled on second 60. Her unREGISTER is challenged;
      the answered unREGISTER (still expires=0 for her own contact) gets a 423 with Min-Expires
      600. Asking for a longer interval makes no sense for a removal: REGISTRAR_ERROR on second
      60, nothing more sent, and the retry is due at TO = 60 + 200 - 100 = 160.

      Given alice registers to example.org with password wonderland and expiry 300
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            when: { kind: authenticated }
            steps:
              - respond:
                  code: 423
                  headers: { Min-Expires: 600 }
                repeat: forever
          - for: sip:alice@example.org
            when: { kind: unregister }
            steps:
              - challenge: {}
                repeat: forever
          - for: sip:alice@example.org
            steps:
              - accept: {}
                repeat: forever
        """
      When the clock reaches second 60
      And the operator disables alice
      And the clock runs to the end of second 60
      Then the state changes of alice were:
        | second | from                            | to                              | row                |
        | 50     | NOT_REGISTERED_STATE            | REGISTERING_STATE               | visit-register     |
        | 50     | REGISTERING_STATE               | REGISTERED_STATE                | 2xx-registered     |
        | 60     | REGISTERED_STATE                | UNREGISTERING_STATE             | disable-unregister |
        | 60     | UNREGISTERING_STATE             | AUTHENTICATING_UNREGISTER_STATE | auth-unregister    |
        | 60     | AUTHENTICATING_UNREGISTER_STATE | REGISTRAR_ERROR_STATE           | 423-unregister     |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | contact     | credentials | answer |
        | 50     | #1      | 1    | expires=300 | no          | 200    |
        | 60     | #1      | 2    | expires=0   | no          | 401    |
        | 60     | #1      | 3    | expires=0   | yes         | 423    |
      And reg_list shows alice with registration_t_out at second 160

    @row-disable-flag @row-2xx-disabled-unregister @row-enable-flag @row-2xx-unregistered-reregister @spec-8 @spec-5.4
    Scenario: Disabled and enabled again while the registrar is slow to answer
      Every answer comes 5 seconds late. alice's REGISTER of second 50 is still unanswered when
      she is disabled on second 51: the 200 of second 55 is followed at once by an unREGISTER.
      She is enabled again on second 57, while that unREGISTER is unanswered: its 200 on second
      60 is followed at once by a REGISTER in a new dialog, accepted on second 65.

      Given alice registers to example.org with expiry 300 and no credentials
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - delay: { ms: 5000, then: { accept: {} } }
                repeat: forever
        """
      When the clock reaches second 51
      And the operator disables alice
      And the clock reaches second 57
      And the operator enables alice
      And the clock runs to the end of second 65
      Then the state changes of alice were:
        | second | from                | to                  | row                         |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE  | visit-register              |
        | 55     | REGISTERING_STATE   | UNREGISTERING_STATE | 2xx-disabled-unregister     |
        | 60     | UNREGISTERING_STATE | REGISTERING_STATE   | 2xx-unregistered-reregister |
        | 65     | REGISTERING_STATE   | REGISTERED_STATE    | 2xx-registered              |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | contact     | credentials | answer |
        | 50     | #1      | 1    | expires=300 | no          | 200    |
        | 55     | #1      | 2    | expires=0   | no          | 200    |
        | 60     | #2      | 1    | expires=300 | no          | 200    |
      And the registrar has 1 binding for alice

  Rule: A visit while a request is in flight does nothing (D15)

    @row-visit-in-flight @row-timeout @D15
    Scenario: The visit of second 150 finds the REGISTER of second 50 still unanswered
      With transaction_timeout 120 the REGISTER of second 50 is given up on second 170 only: the
      visit of second 150 leaves the record REGISTERING and sends nothing.

      Given transaction_timeout is 120
      And alice registers to example.org with expiry 300 and no credentials
      And the registrar runs the shipped script "timeout"
      When the clock runs to the end of second 169
      Then alice is in state REGISTERING_STATE
      And alice sent 1 REGISTER
      When the clock runs to the end of second 170
      Then the state changes of alice were:
        | second | from                 | to                     | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE      | visit-register |
        | 170    | REGISTERING_STATE    | REGISTER_TIMEOUT_STATE | timeout        |

  Rule: Sharing tags (§12, D14): only the node where the record's tag is ACTIVE sends

    Background:
      Given the module parameters:
        | parameter         | value |
        | enable_clustering | 1     |
      And the sharing tag "reg/1" is ACTIVE on this node

    @row-shtag-backup @row-visit-inactive @row-shtag-active @row-visit-register @D14 @spec-12
    Scenario: The tag goes BACKUP: NOT_REGISTERED at once; ACTIVE again: the next visit registers
      Registered on second 50, alice drops to NOT_REGISTERED when the tag goes BACKUP on second 60
      (the other node now keeps the registration; nothing is sent). The visit of second 150 does
      nothing. The tag is ACTIVE again on second 160; the visit of second 250 registers alice in
      the dialog she had (CSeq 2), as §5.4 says for a REGISTER from NOT_REGISTERED.

      Given alice registers to example.org with expiry 300 and no credentials
      And the record of alice has cluster_shtag "reg/1"
      And the registrar accepts everyone
      When the clock reaches second 60
      And the sharing tag "reg/1" becomes BACKUP on this node
      And the clock reaches second 160
      And the sharing tag "reg/1" becomes ACTIVE on this node
      And the clock runs to the end of second 250
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 50     | REGISTERING_STATE    | REGISTERED_STATE     | 2xx-registered |
        | 60     | REGISTERED_STATE     | NOT_REGISTERED_STATE | shtag-backup   |
        | 250    | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 250    | REGISTERING_STATE    | REGISTERED_STATE     | 2xx-registered |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | credentials | answer |
        | 50     | #1      | 1    | no          | 200    |
        | 250    | #1      | 2    | no          | 200    |

    @row-shtag-backup @row-reply-inactive-idle @D14
    Scenario: A 200 that arrives after the tag went BACKUP leaves the record NOT_REGISTERED
      The registrar answers 5 seconds late: the 200 of second 55 finds alice NOT_REGISTERED since
      second 52, on a node that must not keep her registered.

      Given alice registers to example.org with expiry 300 and no credentials
      And the record of alice has cluster_shtag "reg/1"
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - delay: { ms: 5000, then: { accept: {} } }
                repeat: forever
        """
      When the clock reaches second 52
      And the sharing tag "reg/1" becomes BACKUP on this node
      And the clock runs to the end of second 55
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 52     | REGISTERING_STATE    | NOT_REGISTERED_STATE | shtag-backup   |
      And alice is in state NOT_REGISTERED_STATE

    @row-reply-inactive @D14
    Scenario: A 200 that arrives before the clusterer told the engine the tag went BACKUP
      The tag goes BACKUP on second 52 but the clusterer tells the engine only on second 58. The
      late 200 of second 55 already finds the tag BACKUP: alice is NOT_REGISTERED at once.

      Given alice registers to example.org with expiry 300 and no credentials
      And the record of alice has cluster_shtag "reg/1"
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - delay: { ms: 5000, then: { accept: {} } }
                repeat: forever
        """
      When the clock reaches second 52
      And the sharing tag "reg/1" becomes BACKUP on this node, but the clusterer does not tell the engine yet
      And the clock reaches second 58
      And the clusterer tells the engine the state of the sharing tag "reg/1"
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 55     | REGISTERING_STATE    | NOT_REGISTERED_STATE | reply-inactive |
        | 58     | NOT_REGISTERED_STATE | NOT_REGISTERED_STATE | shtag-backup   |

    @row-shtag-backup @row-reply-inactive-idle @D14
    Scenario Outline: <what> that arrives after the tag went BACKUP changes nothing
      The registrar answers alice's REGISTER of second 50 five seconds late, or never (then the
      transaction ends on second 80). The tag went BACKUP on second 52, so the outcome finds her
      NOT_REGISTERED on a node that must not act for her: she stays NOT_REGISTERED, with no error
      state, no retry and nothing more sent up to second 400, whatever the outcome was.

      Given alice registers to example.org with password wonderland and expiry 300
      And the record of alice has cluster_shtag "reg/1"
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - delay: { ms: 5000, then: <answer> }
                repeat: forever
        """
      When the clock reaches second 52
      And the sharing tag "reg/1" becomes BACKUP on this node
      And the clock runs to the end of second 400
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 52     | REGISTERING_STATE    | NOT_REGISTERED_STATE | shtag-backup   |
      And alice sent 1 REGISTER
      And alice is in state NOT_REGISTERED_STATE

      Examples:
        | what                        | answer                                                     |
        | A challenge                 | { challenge: {} }                                          |
        | A 423 with Min-Expires 600  | { respond: { code: 423, headers: { Min-Expires: 600 } } }  |
        | A 408                       | { respond: { code: 408 } }                                 |
        | No answer at all            | { silence: true }                                          |
        | A 302 redirect              | { respond: { code: 302 } }                                 |
        | A 503                       | { respond: { code: 503 } }                                 |

    @row-shtag-backup @row-reply-inactive-idle @row-visit-inactive @D14 @D25
    Scenario: A transport error that comes after the tag went BACKUP changes nothing
      Each name lookup of the engine takes 3 seconds here, and example.org stops resolving on
      second 49: the REGISTER of second 50 fails on second 53 with a transport error, which on
      its own would be an INTERNAL_ERROR at once (D25). The tag went BACKUP on second 51, so the
      failure finds alice NOT_REGISTERED on a node that must not act for her: she stays
      NOT_REGISTERED, and the visits of seconds 150 to 350 pass her by.

      Given each name lookup of the engine takes 3 seconds
      And alice registers to example.org with expiry 300 and no credentials
      And the record of alice has cluster_shtag "reg/1"
      And the registrar accepts everyone
      When the clock reaches second 49
      And example.org stops resolving
      And the clock reaches second 51
      And the sharing tag "reg/1" becomes BACKUP on this node
      And the clock runs to the end of second 400
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 51     | REGISTERING_STATE    | NOT_REGISTERED_STATE | shtag-backup   |
      And the events of alice were:
        | second | event                    |
        | 50     | E_REGISTRANT_REGISTERING |
      And alice sent 0 REGISTERs
      And alice is in state NOT_REGISTERED_STATE

    @row-visit-register @row-2xx-registered @row-shtag-backup @row-shtag-active @D15 @D14
    Scenario: The late 200 of a REGISTER from before a BACKUP spell is ignored while the next REGISTER is in flight
      transaction_timeout is 120 here, so the first REGISTER (second 50) is still waiting when its
      200 comes 110 seconds late, on second 160. The tag went BACKUP on second 51 and ACTIVE
      again on second 52, so the visit of second 150 sent a new REGISTER (CSeq 2), which the
      registrar answers 20 seconds later, on second 170. Only the answer to the REGISTER in
      flight counts (D15): the 200 of second 160 answers CSeq 1 and changes nothing; alice is
      REGISTERED on second 170, TO = 170 + 300 - 100 = 370.

      Given transaction_timeout is 120
      And alice registers to example.org with expiry 300 and no credentials
      And the record of alice has cluster_shtag "reg/1"
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - delay: { ms: 110000, then: { accept: {} } }
              - delay: { ms: 20000, then: { accept: {} } }
              - accept: {}
                repeat: forever
        """
      When the clock reaches second 51
      And the sharing tag "reg/1" becomes BACKUP on this node
      And the clock reaches second 52
      And the sharing tag "reg/1" becomes ACTIVE on this node
      And the clock runs to the end of second 169
      Then alice is in state REGISTERING_STATE
      When the clock runs to the end of second 170
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 51     | REGISTERING_STATE    | NOT_REGISTERED_STATE | shtag-backup   |
        | 150    | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 170    | REGISTERING_STATE    | REGISTERED_STATE     | 2xx-registered |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | contact     | credentials | answer |
        | 50     | #1      | 1    | expires=300 | no          | 200    |
        | 150    | #1      | 2    | expires=300 | no          | 200    |
      And reg_list shows alice with registration_t_out at second 370

    @row-visit-refresh @row-shtag-backup @row-shtag-active @row-disable-flag @row-2xx-disabled-idle @D14
    Scenario: A late 200 to a refresh, after a BACKUP spell and a disable, clears the refresh time
      alice is registered on second 50 (TO = 250). The registrar answers her refresh of second
      250 five seconds late. The tag goes BACKUP on second 251 and ACTIVE again on second 252,
      and she is disabled on second 253 (her state is NOT_REGISTERED then, so nothing is sent).
      The 200 of second 255 leaves her NOT_REGISTERED and sets TO to 0: a disabled record
      without a registration has nothing to refresh.

      Given alice registers to example.org with expiry 300 and no credentials
      And the record of alice has cluster_shtag "reg/1"
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - accept: {}
              - delay: { ms: 5000, then: { accept: {} } }
                repeat: forever
        """
      When the clock reaches second 251
      And the sharing tag "reg/1" becomes BACKUP on this node
      And the clock reaches second 252
      And the sharing tag "reg/1" becomes ACTIVE on this node
      And the clock reaches second 253
      And the operator disables alice
      And the clock runs to the end of second 254
      Then reg_list shows alice with registration_t_out at second 250
      When the clock runs to the end of second 255
      Then the state changes of alice were:
        | second | from                 | to                   | row               |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register    |
        | 50     | REGISTERING_STATE    | REGISTERED_STATE     | 2xx-registered    |
        | 250    | REGISTERED_STATE     | REGISTERING_STATE    | visit-refresh     |
        | 251    | REGISTERING_STATE    | NOT_REGISTERED_STATE | shtag-backup      |
        | 255    | NOT_REGISTERED_STATE | NOT_REGISTERED_STATE | 2xx-disabled-idle |
      And reg_list shows alice with registration_t_out 0

    @row-shtag-backup @row-shtag-active @D14
    Scenario Outline: The tag goes BACKUP and ACTIVE again before a late answer: <what>
      The registrar answers 5 seconds late. The tag goes BACKUP on second 51 (alice drops to
      NOT_REGISTERED) and ACTIVE again on second 52, so the answer of second 55 reaches a
      NOT_REGISTERED record on a node where it may act.

      Given alice registers to example.org with password wonderland and expiry 300
      And the record of alice has cluster_shtag "reg/1"
      And the registrar runs this script:
        """
        rules:
          - for: sip:alice@example.org
            steps:
              - delay: { ms: 5000, then: <answer> }
                repeat: forever
        """
      When the clock reaches second 51
      And the sharing tag "reg/1" becomes BACKUP on this node
      And the clock reaches second 52
      And the sharing tag "reg/1" becomes ACTIVE on this node
      And the operator <operation> alice
      And the clock runs to the end of second 55
      Then the state changes of alice were:
        | second | from                 | to                   | row            |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register |
        | 51     | REGISTERING_STATE    | NOT_REGISTERED_STATE | shtag-backup   |
        | 55     | NOT_REGISTERED_STATE | <state>              | <row>          |
      And reg_list shows alice with registration_t_out <TO>

      @row-2xx-registered @row-enable-already
      Examples: a 200 registers her, TO = 55 + 300 - 100 = 255
        | what  | answer         | operation | state            | row            | TO            |
        | a 200 | { accept: {} } | enables   | REGISTERED_STATE | 2xx-registered | at second 255 |

      @row-disable-flag @row-2xx-disabled-idle
      Examples: disabled on second 52, the 200 leaves her NOT_REGISTERED with nothing scheduled
        | what                 | answer         | operation | state                | row               | TO |
        | disabled, then a 200 | { accept: {} } | disables  | NOT_REGISTERED_STATE | 2xx-disabled-idle | 0  |

      @row-auth-unexpected @row-enable-already
      Examples: a challenge to a request answered in NOT_REGISTERED is an INTERNAL_ERROR, retried at TO = 55 + 200 - 100 = 155
        | what        | answer            | operation | state                | row             | TO            |
        | a challenge | { challenge: {} } | enables   | INTERNAL_ERROR_STATE | auth-unexpected | at second 155 |

    @row-disable-flag @row-visit-unregister-disabled @row-2xx-unregistered @D14 @D3
    Scenario: Disabled while the clusterer had the tag BACKUP unannounced: the refresh visit unREGISTERs
      Registered on second 50 (TO = 250), alice's tag goes BACKUP on second 60 and ACTIVE again on
      second 80, and the clusterer never tells the engine. Disabled on second 70, on what was then
      a backup node, she sends nothing and stays REGISTERED with her flag cleared. The visit of
      second 250, on an ACTIVE node, removes her binding instead of refreshing it.

      Given alice registers to example.org with expiry 300 and no credentials
      And the record of alice has cluster_shtag "reg/1"
      And the registrar accepts everyone
      When the clock reaches second 60
      And the sharing tag "reg/1" becomes BACKUP on this node, but the clusterer does not tell the engine yet
      And the clock reaches second 70
      And the operator disables alice
      And the clock reaches second 80
      And the sharing tag "reg/1" becomes ACTIVE on this node, but the clusterer does not tell the engine yet
      And the clock runs to the end of second 250
      Then the state changes of alice were:
        | second | from                 | to                   | row                       |
        | 50     | NOT_REGISTERED_STATE | REGISTERING_STATE    | visit-register            |
        | 50     | REGISTERING_STATE    | REGISTERED_STATE     | 2xx-registered            |
        | 250    | REGISTERED_STATE     | UNREGISTERING_STATE  | visit-unregister-disabled |
        | 250    | UNREGISTERING_STATE  | NOT_REGISTERED_STATE | 2xx-unregistered          |
      And the REGISTER transactions of alice were:
        | second | Call-ID | CSeq | contact     | credentials | answer |
        | 50     | #1      | 1    | expires=300 | no          | 200    |
        | 250    | #1      | 2    | expires=0   | no          | 200    |
