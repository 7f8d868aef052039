@spec-6.1 @spec-2.1
Feature: Registering on behalf of another party (third_party_registrant)
  A record whose third_party_registrant is set registers its AOR on someone else's behalf: the
  REGISTER's From carries the third party (with the dialog's tag) and its To the AOR, without a
  tag. The registrar binds the AOR of the To; the credentials stay the record's own (§6.1, §6.3).
  Without a third party, From and To both carry the AOR.

  The engine starts at second 0 with timer_interval 100 and hash_size 1: alice's bucket (0 of 2)
  is first visited on second 50, so every exchange below happens on second 50.

  Background:
    Given timer_interval is 100 and hash_size is 1

  Scenario: A PBX registers alice: From is the PBX, To is alice
    Given alice registers to example.org with password wonderland and expiry 3600
    And the record of alice has third_party_registrant "sip:pbx@example.org"
    And the registrar challenges alice with MD5 then accepts
    When the clock runs to the end of second 50
    Then the REGISTER transactions of alice were:
      | second | CSeq | credentials | answer |
      | 50     | 1    | no          | 401    |
      | 50     | 2    | yes         | 200    |
    And the REGISTER of alice at second 50 with CSeq 1 was addressed:
      | header | URI                   | tag |
      | To     | sip:alice@example.org | no  |
      | From   | sip:pbx@example.org   | yes |
    And the REGISTER of alice at second 50 with CSeq 2 was addressed:
      | header | URI                   | tag |
      | To     | sip:alice@example.org | no  |
      | From   | sip:pbx@example.org   | yes |
    And the REGISTER of alice at second 50 with CSeq 2 carried Authorization with:
      | parameter | value |
      | username  | alice |
    And the registrar has 1 binding for alice
    And reg_list shows alice with:
      | field                  | value               |
      | AOR                    | sip:alice@example.org |
      | third_party_registrant | sip:pbx@example.org |
      | state                  | REGISTERED_STATE    |

  Scenario: Without a third party, From and To both carry the AOR
    Given alice registers to example.org with expiry 3600 and no credentials
    And the registrar accepts everyone
    When the clock runs to the end of second 50
    Then the REGISTER of alice at second 50 with CSeq 1 was addressed:
      | header | URI                   | tag |
      | To     | sip:alice@example.org | no  |
      | From   | sip:alice@example.org | yes |
    And reg_list shows alice with:
      | field                  | value  |
      | third_party_registrant | absent |
