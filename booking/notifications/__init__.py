"""Email notifications (issue 10): a notice written to the outbox in the transaction of a booking's change;
after the commit `flask mail send` or the app's background sender writes its messages and sends them.

compose.py   who hears of a change, in which language, with which calendar method (pure)
invite.py    the .ics attachment, METHOD:REQUEST or CANCEL, made with the feeds' serialiser (pure)
letters.py   subjects and bodies in each recipient's language (templates/notifications/)
services.py  booking_changed: the hook the booking services call beside their audit write (one notice row)
drafting.py  a notice's messages, one per recipient, written after the change's commit
queries.py   the people to tell, the messages due
sender.py    claim due messages atomically, deliver them, retry failures with backoff
delivery.py  an outbox row as an email: by SMTP, or as an .eml file when no server is set
background.py the sender thread of an app where no worker runs; cli.py `flask mail send`
"""
