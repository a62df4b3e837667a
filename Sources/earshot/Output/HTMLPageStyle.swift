/// The pages' own styles, the batch tables' sorting and filtering scripts and the script that opens folded lists to
/// print.
enum HTMLPageStyle {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 32px 48px; background: #f7f8fa; color: #1d2939;
            font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 20px; font-weight: 600; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 15px; font-weight: 600; margin: 28px 0 8px; }
        .meta { color: #667085; margin: 0 0 12px; }
        details.flags { color: #475467; font-size: 13px; margin: 0 0 12px; }
        details.flags dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0 0; }
        details.flags dd { margin: 0; }
        .hint { color: #667085; font-size: 12px; margin: 4px 0 8px; }
        .filter { margin: 4px 0 8px; color: #667085; font-size: 12px; }
        .filter input { font: inherit; font-size: 13px; padding: 3px 6px; width: 22em; max-width: 100%; }
        table { border-collapse: collapse; background: #fff; border: 1px solid #e4e7ec; font-size: 13px; }
        th, td { padding: 5px 10px; border-bottom: 1px solid #eaecf0; text-align: left; vertical-align: top; }
        thead th { background: #f2f4f7; font-weight: 600; white-space: nowrap; position: sticky; top: 0; }
        tbody th { font-weight: 500; color: #475467; white-space: nowrap; }
        .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.sortable thead th { cursor: pointer; user-select: none; white-space: normal; vertical-align: bottom;
            min-width: 4.5em; }
        table.sortable thead th:hover, table.sortable thead th:focus { background: #e6ebf2; outline: none; }
        table.sortable th[aria-sort="ascending"]::after { content: " ▲"; font-size: 9px; }
        table.sortable th[aria-sort="descending"]::after { content: " ▼"; font-size: 9px; }
        tbody tr:hover td { background: #f9fafb; }
        td.file { min-width: 16em; max-width: 36em; overflow-wrap: anywhere; }
        tr.failed td.file a { color: #912018; }
        a { color: #2e5f94; text-decoration: none; }
        a:hover { text-decoration: underline; }
        .err { color: #b42318; font-size: 12px; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.95em; }
        p.err { font-size: 14px; background: #fef3f2; border: 1px solid #fecdca; border-radius: 6px;
            padding: 8px 12px; }
        .flag { display: inline-block; padding: 0 7px; margin: 1px 0; border-radius: 9px; font-size: 11px;
            line-height: 17px; background: #eef1f5; color: #344054; border: 1px solid #d9dee6; white-space: nowrap; }
        .f-failed { background: #fef3f2; color: #b42318; border-color: #fecdca; }
        .f-interrupts { background: #fdecec; color: #a4262c; border-color: #f2c4c4; }
        .f-dominant, .f-monologue, .f-dead_air { background: #fff6e5; color: #93600a; border-color: #f3d9a6; }
        .f-mono { background: #f2f4f7; color: #667085; }
        .f-same_audio, .f-silent_channel, .f-truncated, .f-undeclared_audio { background: #fef3f2; color: #b42318; border-color: #fecdca; }
        p.notice { background: #fffaeb; border: 1px solid #fedf89; border-radius: 6px; padding: 8px 12px;
            color: #93370d; overflow-wrap: anywhere; }
        .doubt { color: #98a2b3; }
        tr.group th { background: #f9fafb; color: #1d2939; font-weight: 600; padding-top: 10px; }
        nav { margin: 0 0 8px; font-size: 13px; }
        .timeline { overflow-x: auto; background: #fff; border: 1px solid #e4e7ec; border-radius: 6px;
            padding: 8px 4px; margin: 6px 0 10px; }
        details.agents > summary { cursor: pointer; margin: 28px 0 8px; }
        details.agents > summary h2 { display: inline; }
        details.agents > summary .count { color: #667085; font-size: 13px; }
        details.list { margin: 14px 0; }
        details.list > summary { cursor: pointer; font-weight: 600; margin-bottom: 6px; }
        /* The batch page's tables scroll in a box of their own, never the page sideways: the calls table's fourteen
           columns need some 1 250 px. The box is at most the window's height, so its header row sticks in it. */
        .wide { overflow: auto; max-height: calc(100vh - 24px); margin: 0 0 8px; }
        /* A laptop's half screen or a tablet: every page set closer, the tables' columns narrower. */
        @media (max-width: 1100px) {
            body { padding: 16px 12px 32px; }
            table { font-size: 12px; }
            th, td { padding: 4px 5px; }
            table.sortable thead th { min-width: 0; }
            td.file { min-width: 12em; }
        }
        @media print {
            body { background: #fff; padding: 0; font-size: 11px; }
            * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            .timeline, .wide { overflow: visible; border: none; padding: 0; max-height: none; }
            svg.tl:not(.sw) { max-width: 100%; height: auto; }
            tr { break-inside: avoid; }
            thead th { position: static; }
            .hint, .filter input { display: none; }
            a { color: inherit; }
            /* Every column on the sheet: smaller type, headers wrap, the file column narrower. */
            @page { size: landscape; margin: 10mm; }
            table { font-size: 9px; }
            th, td { padding: 2px 4px; }
            thead th, .n { white-space: normal; }
            td.file { min-width: 8em; max-width: 16em; }
        }
        """

    /// Sorts `table.sortable` by the clicked column (Enter or Space on a focused header too): by each cell's
    /// `data-v`, numerically when both keys are numbers, else text with numbers in order; empty keys last. A
    /// figure's column (`th.n`) sorts largest first at the first click (the worst calls), a text column A to Z.
    static let script = """
        (function () {
          // One collator for every comparison: a new one per localeCompare made the comparisons of a sort of 5000
          // calls 10x slower.
          var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
          document.querySelectorAll('table.sortable').forEach(function (table) {
            if (!table.tHead || !table.tBodies.length) return;
            var heads = table.tHead.rows[0].cells;
            Array.prototype.forEach.call(heads, function (th, column) {
              th.tabIndex = 0;
              var sort = function () {
                var current = th.getAttribute('aria-sort');
                var ascending = current ? current !== 'ascending' : !th.classList.contains('n');
                Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
                th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                var body = table.tBodies[0];
                var key = function (row) {
                  var cell = row.cells[column];
                  if (!cell) return '';
                  var value = cell.getAttribute('data-v');
                  return value === null ? cell.textContent.trim() : value;
                };
                var rows = Array.prototype.map.call(body.rows, function (row, i) { return [key(row), i, row]; });
                rows.sort(function (a, b) {
                  var x = a[0], y = b[0];
                  if (x === '' || y === '') return x === y ? a[1] - b[1] : (x === '' ? 1 : -1);
                  var nx = Number(x), ny = Number(y), order;
                  if (!isNaN(nx) && !isNaN(ny)) order = nx - ny;
                  else order = collator.compare(x, y);
                  if (order === 0) return a[1] - b[1];
                  return ascending ? order : -order;
                });
                var fragment = document.createDocumentFragment();
                rows.forEach(function (r) { fragment.appendChild(r[2]); });
                body.appendChild(fragment);
              };
              th.addEventListener('click', sort);
              th.addEventListener('keydown', function (event) {
                if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sort(); }
              });
            });
          });
        })();
        """

    /// `CallRecord.flagMeanings` as the members of a JavaScript object literal.
    private static var flagMeaningsJS: String {
        CallRecord.flagNames.compactMap { name in
            CallRecord.flagMeanings[name].map { meaning in
                "'\(name)': '" + meaning.map { $0 == "'" ? "\\'" : String($0) }.joined() + "'"
            }
        }.joined(separator: ", ")
    }

    /// Filters the calls table of the batch page as the user types: a row stays when its cells' text holds every
    /// word typed (an agent, a flag, part of a file name, a call id, an error), case aside; a word that is a flag's
    /// name, an agent id (`(none)` for the calls without one) or a call id, whole, keeps the rows with that flag,
    /// agent or call only ("mono" is not "monologue", call C001 not C0010; an id typed in its own case, "dave",
    /// is that id only where "Dave" is another, else any case of it); how many rows are shown, and the filter, are
    /// said beside the box (and printed, without the box).
    static let filterScript = """
        (function () {
          var box = document.getElementById('call-filter');
          var table = document.querySelector('table.calls');
          var said = document.getElementById('call-filter-count');
          if (!box || !table || !table.tBodies.length) return;
          // Each flag's meaning as its tooltip, from one list (not repeated in every row of a large table).
          var meanings = {\(flagMeaningsJS)};
          Array.prototype.forEach.call(table.querySelectorAll('.flag'), function (chip) {
            var meaning = meanings[chip.textContent];
            if (meaning) chip.title = meaning;
          });
          // Each row's cells, a space between them, kept on the row: sorting moves the rows, not their text.
          var text = function (row) {
            if (row.earshotText === undefined) {
              row.earshotText = Array.prototype.map.call(row.cells, function (cell) {
                return cell.textContent;
              }).join(' ').toLowerCase();
            }
            return row.earshotText;
          };
          // Each row's flags, from the last cell's sort key (the flags, a space between them).
          var flagsOf = function (row) {
            var last = row.cells[row.cells.length - 1];
            return ((last && last.getAttribute('data-v')) || '').split(' ');
          };
          // The agents and call ids of the rows, from their data-agent and data-call: as written, and in lower case.
          var ids = function (row) {
            return [row.getAttribute('data-agent'), row.getAttribute('data-call')].filter(function (id) {
              return id !== null;
            });
          };
          var exact = new Set();
          var anyCase = new Set();
          Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
            ids(row).forEach(function (id) { exact.add(id); anyCase.add(id.toLowerCase()); });
          });
          var flagNames = new Set([\(CallRecord.flagNames.map { "'\($0)'" }.joined(separator: ", "))]);
          // Whether some row has the id `raw`, as written or in another case.
          var isId = function (raw) { return exact.has(raw) || anyCase.has(raw.toLowerCase()); };
          // Whether `row` has the id `raw`: as written if some row has it so, else in any case.
          var hasId = function (row, raw) {
            if (exact.has(raw)) return ids(row).indexOf(raw) >= 0;
            var w = raw.toLowerCase();
            return ids(row).some(function (id) { return id.toLowerCase() === w; });
          };
          var apply = function () {
            var whole = box.value.trim();
            // An id with spaces in it ("Mary Ann") typed whole is that id, not its words.
            var typed = whole !== '' && isId(whole)
              ? [whole] : whole.split(/\\s+/).filter(function (w) { return w !== ''; });
            var rows = table.tBodies[0].rows;
            var shown = 0;
            Array.prototype.forEach.call(rows, function (row) {
              var keep = typed.every(function (raw) {
                var w = raw.toLowerCase();
                if (flagNames.has(w)) return flagsOf(row).indexOf(w) >= 0;
                if (isId(raw)) return hasId(row, raw);
                return text(row).indexOf(w) >= 0;
              });
              if (row.hidden !== !keep) row.hidden = !keep;  // a row left as it was costs no layout
              if (keep) shown += 1;
            });
            said.textContent = typed.length
              ? shown + ' of ' + rows.length + (rows.length === 1 ? ' call' : ' calls') + ' shown (filter: '
                + typed.join(' ') + ')'
              : '';
          };
          // On a large table, once typing pauses: each change of the rows shown lays the table out again (a second
          // for 5000 calls), so a word typed letter by letter is laid out once, not per letter.
          var timer = null;
          box.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(apply, table.tBodies[0].rows.length > 500 ? 200 : 0);
          });
          apply();
        })();
        """

    /// Opens the folded event and alert lists while the page prints (a closed `<details>` prints only its
    /// summary line), and folds them again after.
    static let printScript = """
        (function () {
          var opened = [];
          addEventListener('beforeprint', function () {
            document.querySelectorAll('details:not([open])').forEach(function (d) { d.open = true; opened.push(d); });
          });
          addEventListener('afterprint', function () {
            opened.forEach(function (d) { d.open = false; });
            opened = [];
          });
        })();
        """
}
