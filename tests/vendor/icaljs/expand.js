// Expand an iCalendar file with ical.js, as Thunderbird would: read from stdin, print JSON
// [[startUTC, endUTC, summary, uid], ...] for every occurrence starting before argv[2] (ISO, UTC).
import ICAL from "./ical.min.js";

let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  const until = ICAL.Time.fromJSDate(new Date(process.argv[2]), true);
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const vtz of comp.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  }
  const events = comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  const masters = new Map();
  for (const e of events) { if (!e.isRecurrenceException()) { masters.set(e.uid, e); } }
  for (const e of events) { if (e.isRecurrenceException()) { masters.get(e.uid).relateException(e); } }
  const out = [];
  const iso = (t) => t.toJSDate().toISOString();
  for (const master of masters.values()) {
    if (!master.isRecurring()) {
      out.push([iso(master.startDate), iso(master.endDate), master.summary, master.uid]);
      continue;
    }
    const it = master.iterator();
    for (let next = it.next(); next && next.compare(until) < 0; next = it.next()) {
      const d = master.getOccurrenceDetails(next);
      out.push([iso(d.startDate), iso(d.endDate), d.item.summary, master.uid]);
    }
  }
  process.stdout.write(JSON.stringify(out));
});
