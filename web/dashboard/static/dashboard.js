// Dashboard widgets: fetch each card's figures and draw them (Chart.js, or a table).
// Amounts arrive as decimal strings; they become numbers only to be drawn.
"use strict";

(function () {
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  const n = (v) => (v === null || v === undefined ? null : Number(v));
  const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const show = (v) => (v === null || v === undefined ? "" : (/^-?\d+\.\d\d$/.test(v) ? money.format(Number(v)) : String(v)));

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function table(headers, rows, numeric) {
    const wrap = element("div", undefined, "widget-table");
    const grid = element("table");
    const head = element("tr");
    headers.forEach((h, i) => head.append(element("th", h, i >= numeric ? "num" : "")));
    grid.append(element("thead")).firstChild.append(head);
    const body = element("tbody");
    for (const row of rows) {
      const line = element("tr", undefined, row.className || "");
      (row.cells || row).forEach((cell, i) => line.append(element("td", show(cell), i >= numeric ? "num" : "")));
      body.append(line);
    }
    grid.append(body);
    wrap.append(grid);
    return wrap;
  }

  function chart(box, type, labels, datasets, options) {
    const holder = element("div", undefined, "widget-chart");
    const canvas = element("canvas");
    holder.append(canvas);
    box.append(holder);
    datasets.forEach((set, i) => {
      set.backgroundColor = set.backgroundColor || palette[i % palette.length];
      set.borderColor = set.borderColor || palette[i % palette.length];
      set.data = set.data.map(n);
    });
    // eslint-disable-next-line no-undef
    new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, options || {}),
    });
  }

  const stacked = { scales: { x: { stacked: true }, y: { stacked: true } } };

  function statement(box, dates, sections) {
    const rows = [];
    for (const section of sections) {
      rows.push({ cells: [section.title, ...section.values], className: "subtotal" });
      for (const line of section.lines || []) rows.push([line.name, ...line.values]);
    }
    box.append(table(["", ...dates], rows, 1));
  }

  const draw = {
    accounts_balance(box, f) {
      chart(box, "line", f.dates, f.accounts.map((a) => ({ label: a.name, data: a.values })));
    },
    accounts_comparison(box, f) {
      chart(box, "bar", f.dates, f.accounts.map((a) => ({ label: a.name, data: a.values })));
    },
    expenses_revenue(box, f) {
      chart(box, "bar", f.dates, [
        { label: "Revenue", data: f.revenue.values },
        { label: "Expenses", data: f.expenses.values },
        { label: "Net", data: f.net.values, type: "line" },
      ]);
    },
    profit_and_loss(box, f) {
      const sections = f.sections.map((s) => ({ title: s.title, values: s.values, lines: s.accounts }));
      sections.splice(2, 0, { title: f.gross_profit.title, values: f.gross_profit.values });
      sections.push({ title: f.net_profit.title, values: f.net_profit.values });
      statement(box, f.dates, sections);
    },
    balance_sheet(box, f) {
      const sections = [];
      for (const [key, title] of [["assets", "Assets"], ["liabilities", "Liabilities"], ["equity", "Equity"]]) {
        sections.push({ title: title, values: f[key].values });
        for (const type of f[key].types) sections.push({ title: "  " + type.title, values: type.values, lines: type.accounts });
      }
      sections.push({ title: "Net assets", values: f.net_assets });
      statement(box, f.dates, sections);
    },
    invoices_list(box, f) {
      box.append(table(["Contact", "Invoices", "Invoiced", "Paid", "Due"],
        f.rows.map((r) => [r.name, r.invoices, r.total_invoiced, r.total_paid, r.total_due]), 1));
      box.append(element("p", `${f.totals.contacts} contacts, ${f.totals.invoices} invoices, ` +
        `${show(f.totals.total_invoiced)} invoiced, ${show(f.totals.total_due)} due`, "widget-note"));
    },
    invoices_summary(box, f) {
      chart(box, "pie", f.slices.map((s) => s.label), [{ label: f.currency || "", data: f.slices.map((s) => s.total),
        backgroundColor: palette.slice(0, f.slices.length) }]);
    },
    aged_receivables(box, f) { draw.aged(box, f); },
    aged_payables(box, f) { draw.aged(box, f); },
    aged(box, f) {
      const labels = f.buckets.map((b) => b.label);
      chart(box, "bar", labels, f.rows.map((r) => ({ label: r.name, data: r.values })), stacked);
      box.append(table(["Contact", ...labels, "Total"], [
        ...f.rows.map((r) => [r.name, ...r.values, r.total]),
        { cells: ["All contacts", ...f.totals, f.total], className: "subtotal" },
      ], 1));
    },
    sales_growth(box, f) {
      chart(box, "line", f.dates, f.items.map((i) => ({ label: i.name || i.code || i.item_id, data: i.values })));
    },
    cash_flow(box, f) {
      chart(box, "bar", f.dates, [
        { label: "Received", data: f.received },
        { label: "Spent", data: f.spent },
        { label: "Net", data: f.net, type: "line" },
      ]);
    },
    employees_list(box, f) {
      box.append(table(["Employee", "Job title", "Annual salary", `Per ${f.period}`],
        f.rows.map((r) => [r.name, r.job_title || "", r.annual_salary, r.period_salary]), 2));
    },
    timesheets(box, f) {
      chart(box, "bar", f.dates, f.employees.map((e) => ({ label: e.name, data: e.values })), stacked);
    },
  };

  async function load(card) {
    const box = card.querySelector(".widget-figures");
    try {
      const response = await fetch(card.dataset.url, { headers: { Accept: "application/json" } });
      const body = await response.json();
      box.replaceChildren();
      if (!response.ok) {
        box.append(element("p", body.message || "These figures cannot be shown.", "widget-error"));
        return;
      }
      const range = body.from && body.to ? `${body.from} to ${body.to}` : "";
      box.append(element("p", [range, body.currency].filter(Boolean).join(" · "), "widget-note"));
      (draw[card.dataset.widget] || ((b) => b.append(element("pre", JSON.stringify(body, null, 2)))))(box, body);
    } catch (error) {
      box.replaceChildren(element("p", "The figures could not be loaded.", "widget-error"));
    }
  }

  document.querySelectorAll(".widget-card[data-url]").forEach(load);
})();
