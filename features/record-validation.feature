@spec-2.1
Feature: A bad row is refused with its reason; the other rows load
  Every row of the registrant table is checked when it is loaded. A row that fails is refused
  alone, with the column at fault and the reason, and the engine starts with the other rows
  (§2.1). Binding params must start with `;`, parse as SIP header parameters and leave `expires`
  to the registrant (D8); the registrar and the proxy are hosts to send to, without a user part.

  The engine starts at second 0 with timer_interval 100 and hash_size 1; bob needs no
  credentials and is first visited within the first 100 seconds.

  Background:
    Given timer_interval is 100 and hash_size is 1
    And the registrar accepts everyone
    And alice registers to example.org with password wonderland and expiry 3600
    And bob registers to example.org with expiry 3600 and no credentials

  Scenario Outline: alice's <column> <value> is refused: it <reason>
    Given the record of alice has <column> "<value>"
    When the engine loads the table
    And the clock runs to the end of second 100
    Then the load took 1 record and refused 1
    And the load refused the row of alice, naming <column> because it "<reason>"
    And bob is in state REGISTERED_STATE
    And alice sent 0 REGISTERs

    @D8
    Examples: binding params
      | column         | value             | reason                                   |
      | binding_params | reg-id=1          | must start with ';'                      |
      | binding_params | ;expires=60       | must not set expires                     |
      | binding_params | ;reg-id=1;;       | must parse as SIP header parameters      |

    Examples: addresses
      | column                 | value                     | reason                         |
      | registrar              | sip:someone@example.org   | URI must not have a user part  |
      | proxy                  | sip:someone@proxy.example | URI must not have a user part  |
      | third_party_registrant | pbx at example.org        | not a valid URI                |

    Examples: numbers
      | column | value | reason                  |
      | expiry | -5    | must not be negative    |
      | state  | yes   | must be an integer      |
