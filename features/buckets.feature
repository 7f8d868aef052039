@spec-3 @spec-3.1 @spec-3.2
Feature: Buckets and the visiting timer
  Records are spread over N = 2^hash_size buckets by a hash of their AOR. One bucket is visited
  every floor(T / N) seconds (T is timer_interval), in the order 0, 1, ..., N-1, 0, ..., so
  bucket k is first visited at second (k + 1) * floor(T / N) and every bucket once per T at most.
  A record that was never registered sends its first REGISTER at its bucket's first visit.

  Background:
    Given the registrar accepts everyone

  @D4
  Scenario: The guide's example: timer_interval 8 and hash_size 2 give 4 buckets, one every 2 seconds
    Given timer_interval is 8 and hash_size is 2
    And these accounts register to example.org with expiry 3600 and no credentials:
      | account |
      | bob     |
      | alice   |
      | dave    |
      | carol   |
    When 10 seconds pass
    Then the accounts are in these buckets of 4:
      | account | bucket |
      | carol   | 0      |
      | dave    | 1      |
      | alice   | 2      |
      | bob     | 3      |
    And the first REGISTER of each account went out at:
      | account | second |
      | carol   | 2      |
      | dave    | 4      |
      | alice   | 6      |
      | bob     | 8      |

  Scenario: The defaults: 2 buckets, one every 50 seconds
    Given the module parameters:
      | parameter      | value |
      | timer_interval | 100   |
      | hash_size      | 1     |
    And alice registers to example.org with expiry 3600 and no credentials
    And bob registers to example.org with expiry 3600 and no credentials
    When the clock runs to the end of second 100
    Then the accounts are in these buckets of 2:
      | account | bucket |
      | alice   | 0      |
      | bob     | 1      |
    And the first REGISTER of each account went out at:
      | account | second |
      | alice   | 50     |
      | bob     | 100    |

  @D4
  Scenario Outline: timer_interval must be at least 2^hash_size (T = <T>, hash_size = <hash_size>)
    Given timer_interval is <T> and hash_size is <hash_size>
    When the engine starts
    Then the engine refuses to start, naming timer_interval because it "must be at least 2^hash_size"

    Examples:
      | T | hash_size |
      | 3 | 2         |
      | 7 | 3         |
      | 1 | 1         |

  @D4
  Scenario: timer_interval equal to 2^hash_size is accepted: one bucket a second
    Given timer_interval is 4 and hash_size is 2
    And carol registers to example.org with expiry 3600 and no credentials
    When 5 seconds pass
    Then the first REGISTER of each account went out at:
      | account | second |
      | carol   | 1      |

  @D4
  Scenario Outline: A module parameter out of range stops the start-up and is named (<parameter> = <value>)
    Given <parameter> is <value>
    When the engine starts
    Then the engine refuses to start, naming <parameter>

    Examples:
      | parameter                    | value |
      | hash_size                    | 0     |
      | hash_size                    | 21    |
      | reregister_expiry_percentage | 0     |
      | reregister_expiry_percentage | 101   |
      | default_expires              | 14    |
      | timer_interval               | 0     |
      | failure_retry_interval       | -1    |
