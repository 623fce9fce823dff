/* The console: shows what the run says over server-sent events; sends captcha answers. */
(function () {
  "use strict";

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) { tr.appendChild(typeof c === "string" ? cell(c) : c); });
    return tr;
  }

  function links(files) {
    var td = document.createElement("td");
    Object.keys(files).forEach(function (kind) {
      var a = document.createElement("a");
      a.href = files[kind];
      a.target = "_blank";
      a.textContent = kind === "screenshot" ? "screenshot" : "review table";
      td.appendChild(a);
      td.appendChild(document.createTextNode(" "));
    });
    return td;
  }

  function send(id, input, note) {
    var answer = input.value.trim();
    if (!answer) { return; }
    input.disabled = true;
    fetch("answer", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ id: id, answer: answer }),
    }).then(function (response) {
      note.textContent = response.ok ? "sent" : "this captcha was answered already";
    });
  }

  function captcha(entry) {
    var box = document.createElement("form");
    box.className = "captcha";
    box.dataset.id = entry.id;
    var title = document.createElement("div");
    title.textContent = entry.label + " (try " + entry.attempt + ")";
    var img = document.createElement("img");
    img.src = "captcha/" + entry.id + "?v=" + entry.fetched;
    img.alt = "captcha for " + entry.label;
    var input = document.createElement("input");
    input.name = "answer";
    input.autocomplete = "off";
    input.setAttribute("aria-label", "code shown in the image for " + entry.label);
    var note = document.createElement("span");
    note.className = "muted";
    box.appendChild(title);
    box.appendChild(img);
    box.appendChild(input);
    box.appendChild(note);
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      send(entry.id, input, note);
    });
    return box;
  }

  function show(state) {
    var ended = Object.keys(state.ended).map(function (k) { return state.ended[k] + " " + k; });
    document.getElementById("summary").textContent =
      state.total + " applications; " + (ended.join(", ") || "none ended yet") +
      "; " + Math.round(state.elapsed_s) + " s so far.";
    var captchas = document.getElementById("captchas");
    var kept = {};
    Array.prototype.forEach.call(captchas.querySelectorAll("form"), function (f) { kept[f.dataset.id] = f; });
    var wanted = state.captchas.map(function (e) { return e.id; });
    Object.keys(kept).forEach(function (id) {
      if (wanted.indexOf(id) < 0) { kept[id].remove(); }
    });
    state.captchas.forEach(function (entry) {
      var box = kept[entry.id];
      if (!box) {
        captchas.appendChild(captcha(entry));
      } else {
        var img = box.querySelector("img");
        var src = "captcha/" + entry.id + "?v=" + entry.fetched;
        if (img.getAttribute("src") !== src) { img.src = src; }
      }
    });
    var none = captchas.querySelector("p");
    if (state.captchas.length && none) { none.remove(); }
    if (!state.captchas.length && !none) {
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = "None.";
      captchas.appendChild(p);
    }
    var running = document.getElementById("running");
    running.replaceChildren.apply(running, state.running.map(function (r) {
      return row([r.account, r.application, r.step]);
    }));
    var finished = document.getElementById("finished");
    finished.replaceChildren.apply(finished, state.finished.map(function (f) {
      return row([f.title, f.status, links(f.files)]);
    }));
  }

  var events = new EventSource("events");
  events.onmessage = function (message) { show(JSON.parse(message.data)); };
  events.onerror = function () {
    document.getElementById("summary").textContent = "The run has ended (or cannot be reached).";
  };
})();
