"""Meeting extraction: an Article in, a MeetingRecord (or NoMeeting with a reason) out."""
