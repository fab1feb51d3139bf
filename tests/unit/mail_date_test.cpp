#include "mail_date.hpp"

#include <doctest/doctest.h>

using leakscope::mime::parse_mail_date;

TEST_CASE("RFC 5322 dates to UTC") {
  CHECK(*parse_mail_date("Fri, 21 Nov 1997 09:55:06 -0600") ==
        "1997-11-21T15:55:06Z");
  CHECK(*parse_mail_date("Mon, 6 Feb 1993 02:53:47 -0800 (PST)") ==
        "1993-02-06T10:53:47Z");
  CHECK(*parse_mail_date("21 Nov 97 09:55 +0100") == "1997-11-21T08:55:00Z");
  CHECK(*parse_mail_date("Thu, 8 Mar 2005 17:40:36 EDT") ==
        "2005-03-08T21:40:36Z");
  CHECK(*parse_mail_date("Sat, 31 Dec 2016 23:30:00 -0100") ==
        "2017-01-01T00:30:00Z");
  CHECK(*parse_mail_date("Tue, 1 Jul 2003 10:52:37 +0200") ==
        "2003-07-01T08:52:37Z");
  CHECK(*parse_mail_date("2019-03-04T10:00:00+01:00") ==
        "2019-03-04T09:00:00Z");
  CHECK(*parse_mail_date("Wed, 29 Feb 2012 12:00:00 GMT") ==
        "2012-02-29T12:00:00Z");
  CHECK(*parse_mail_date("Thu, 18 Oct 2012 22:48:39 -0700") ==
        "2012-10-19T05:48:39Z");
  // asctime style, as in mbox separators.
  CHECK(*parse_mail_date("Mon Feb  8 02:53:47 1993") == "1993-02-08T02:53:47Z");
  CHECK_FALSE(parse_mail_date("yesterday"));
  CHECK_FALSE(parse_mail_date("Thu, 30 Feb 2012 12:00:00 GMT"));
  CHECK_FALSE(parse_mail_date("Thu, 12 Foo 2012 12:00:00 GMT"));
  CHECK_FALSE(parse_mail_date("Thu, 12 Jan 2012 25:00:00 GMT"));
  CHECK_FALSE(parse_mail_date(""));
}
