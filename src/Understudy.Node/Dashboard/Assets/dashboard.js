// Understudy dashboard. Plain JavaScript, no dependencies: one server-sent event stream from the
// node that served the page (GET /api/dashboard/events), rendered in place; actions call the
// node's API with the operator token kept in this tab's sessionStorage (never in a URL).
'use strict';
(() => {
  const TOKEN_KEY = 'understudy.token';
  const STALE_MS = 3000;
  // The same eight colours as .p0 … .p7 in dashboard.css (no inline styles: the page's CSP forbids them).
  const PALETTE = ['#1f6feb', '#e36209', '#1a7f37', '#8250df', '#bf3989', '#0a7ea4', '#9a6700', '#cf222e'];
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const enc = encodeURIComponent;

  let doc = null;
  let lastAt = 0;
  let pending = null; // an action waiting for the token dialog

  // ---- state colours -------------------------------------------------------------------------
  function tone(state) {
    switch (state) {
      case 'Up': case 'Online': case 'Started': case 'Running': return 's-ok';
      case 'Down': case 'Failed': case 'Dead': return 's-bad';
      case 'Paused': case 'Pending': case 'Draining': case 'Suspended': case 'Joining': case 'Hung': return 's-warn';
      default: return 's-idle';
    }
  }
  const badge = (state, title) => `<span class="state ${tone(state)}"${title ? ` title="${esc(title)}"` : ''}>${esc(state)}</span>`;

  function ms(value) {
    if (value === null || value === undefined) return 'never';
    if (value < 1000) return `${Math.round(value)} ms`;
    if (value < 60000) return `${(value / 1000).toFixed(1)} s`;
    return `${Math.round(value / 60000)} min`;
  }

  function ago(iso) {
    if (!iso) return '–';
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (s < 60) return `${Math.floor(s)} s ago`;
    if (s < 3600) return `${Math.floor(s / 60)} min ago`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86400)} d ago`;
  }

  // ---- keyed rows: a cell's HTML is replaced only when it changed, so a button or a select
  // under the pointer survives the once-a-second update ------------------------------------------
  function patchRows(tbody, rows) {
    const existing = new Map([...tbody.children].map((tr) => [tr.dataset.key, tr]));
    let previous = null;
    for (const row of rows) {
      let tr = existing.get(row.key);
      if (!tr) {
        tr = document.createElement('tr');
        tr.dataset.key = row.key;
        tr.cellHtml = [];
      }
      existing.delete(row.key);
      row.cells.forEach(([cls, html], i) => {
        let td = tr.children[i];
        if (!td) td = tr.appendChild(document.createElement('td'));
        if (td.className !== cls) td.className = cls;
        if (tr.cellHtml[i] !== html) {
          td.innerHTML = html;
          tr.cellHtml[i] = html;
        }
      });
      const next = previous ? previous.nextSibling : tbody.firstChild;
      if (next !== tr) tbody.insertBefore(tr, next);
      previous = tr;
    }
    for (const tr of existing.values()) tr.remove();
  }

  function setHtml(element, html) {
    if (element.lastHtml !== html) {
      element.innerHTML = html;
      element.lastHtml = html;
    }
  }

  function setText(id, text) {
    const element = $(id);
    if (element.textContent !== text) element.textContent = text;
  }

  const button = (act, label, args, extra = '') =>
    `<button type="button" class="btn ${extra}" data-act="${act}" ${Object.entries(args).map(([k, v]) => `data-${k}="${esc(v)}"`).join(' ')}>${esc(label)}</button>`;

  // ---- rendering -----------------------------------------------------------------------------
  function render() {
    const status = doc.status;
    document.title = `${status.cluster} · Understudy`;
    setText('cluster', status.cluster);
    setText('leader', status.leader ?? 'electing');
    setHtml($('quorum'), status.quorum ? '<span class="state s-ok">yes</span>' : '<span class="state s-bad">no</span>');
    setText('term', String(status.term));
    setText('version', String(status.version));
    setText('answered', status.answeredBy);
    setText('foot-node', status.answeredBy);
    $('banner').hidden = !doc.maintenance;
    const maintenance = $('maintenance');
    setText('maintenance', doc.maintenance ? 'Maintenance: on' : 'Maintenance: off');
    maintenance.classList.toggle('on', doc.maintenance);
    maintenance.dataset.on = doc.maintenance ? 'true' : 'false';
    renderNodes(status);
    renderRoles(status);
    renderNlb(status);
    renderVms();
    renderEvents();
  }

  function renderNodes(status) {
    const up = status.nodes.filter((n) => n.state === 'Up').length;
    setText('nodes-hint', `${up} of ${status.nodes.length} Up · heartbeat ages as ${status.answeredBy} sees them`);
    patchRows($('nodes').tBodies[0], status.nodes.map((n) => ({
      key: n.name,
      cells: [
        ['name', esc(n.name) + (n.name === status.leader ? '<span class="leader-mark" title="Raft leader">LEADER</span>' : '') + (n.vote ? '' : ' <span class="hint">(no vote)</span>')],
        ['c-state', badge(n.state, n.reason)],
        ['c-heartbeat', n.name === status.answeredBy ? 'self' : ms(n.lastHeartbeatMs)],
        ['mono', n.pid ?? '–'],
        ['mono col-opt', esc(n.address)],
        ['col-opt', `<span title="${esc(n.since ?? '')}${n.reason ? ' · ' + esc(n.reason) : ''}">${ago(n.since)}</span>`],
        ['actions', n.state === 'Up' ? button('pause', 'Pause', { node: n.name })
          : n.state === 'Paused' ? button('resume', 'Resume', { node: n.name }) + ' ' + button('resume', 'Resume + failback', { node: n.name, failback: 'true' }) : ''],
      ],
    })));
  }

  function renderRoles(status) {
    const names = status.nodes.map((n) => n.name);
    $('roles-empty').hidden = status.roles.length > 0;
    patchRows($('roles').tBodies[0], status.roles.map((r) => {
      const resources = `<span class="res">${r.resources.map((x) => `<span class="chip ${tone(x.state)}" title="${esc(x.type)}: ${esc(x.state)}">${esc(x.name)}</span>`).join('')}</span>`;
      const owner = r.clone
        ? `<span class="res">${(r.instances ?? []).map((i) => `<span class="chip ${tone(i.state)}" title="${esc(i.state)}, token ${i.token}, ${i.restarts} restarts">${esc(i.node)}</span>`).join('') || '<span class="hint">no instances</span>'}</span>`
        : esc(r.owner ?? '–');
      const move = r.clone ? '' : `<span class="act"><select data-move="${esc(r.name)}" aria-label="move ${esc(r.name)} to">` +
        `<option value="">best node</option>${names.filter((n) => n !== r.owner).map((n) => `<option value="${esc(n)}">${esc(n)}</option>`).join('')}</select>` +
        button('move', 'Move', { role: r.name }) + '</span> ';
      return {
        key: r.name,
        cells: [
          ['name', esc(r.name) + (r.clone ? ' <span class="hint">clone</span>' : '')],
          ['c-state', badge(r.state)],
          ['c-owner', owner],
          ['mono c-token', r.clone ? '–' : String(r.fencingToken)],
          ['mono', r.clone ? (r.instances ?? []).reduce((a, i) => a + i.restarts, 0) : r.restarts],
          ['wrap', resources],
          ['actions', move + (r.state === 'Offline' || r.state === 'Failed' ? button('start', 'Start', { role: r.name }) : button('stop', 'Stop', { role: r.name }, 'danger'))],
        ],
      };
    }));
  }

  function connectionsOf(member) {
    let sum = 0;
    let answered = 0;
    for (const host of doc.hosts) {
      if (host.connections && !host.error) {
        answered++;
        sum += host.connections[member] ?? 0;
      }
    }
    return { sum, answered };
  }

  function renderNlb(status) {
    const nlb = status.nlb;
    $('nlb-panel').hidden = !nlb;
    if (!nlb) return;
    const steering = nlb.steering ? (nlb.steering.enabled ? 'steering on' : `steering off: ${nlb.steering.reason ?? ''}`) : 'listeners not open yet';
    setText('nlb-hint', `cluster address ${nlb.address} · default host ${nlb.defaultHost ?? 'none'} · ${steering}`);
    const colour = (i) => PALETTE[i % PALETTE.length];
    const memberIndex = new Map(nlb.members.map((m, i) => [m.name, i]));
    const hostsAnswering = doc.hosts.filter((h) => h.connections && !h.error).length;

    let container = $('nlb');
    if (!container.querySelector('.rules')) {
      container.innerHTML = '<div class="rules"></div><div class="nlb-members scroll"><table id="nlb-members"><thead><tr><th>Member</th><th>State</th><th>Takes new</th><th>Connections</th><th class="col-opt">Priority</th><th></th></tr></thead><tbody></tbody></table></div>';
    }
    const rules = container.querySelector('.rules');
    const existing = new Map([...rules.children].map((c) => [c.dataset.rule, c]));
    for (const rule of nlb.rules) {
      let card = existing.get(rule.name);
      if (!card) {
        card = document.createElement('article');
        card.className = 'rule';
        card.dataset.rule = rule.name;
        card.innerHTML = '<header></header><div class="body"><div class="members scroll"><table><thead><tr><th>Member</th><th>Weight</th><th>Buckets</th><th>Share</th></tr></thead><tbody></tbody></table></div>' +
          '<figure class="map"><canvas width="32" height="32"></canvas><figcaption>bucket map, 1024 buckets</figcaption></figure></div>';
        rules.appendChild(card);
      }
      existing.delete(rule.name);
      setHtml(card.querySelector('header'), `<b>${esc(rule.name)}</b><span class="mono">:${esc(rule.ports)} → :${rule.targetPort}</span><span>${esc(rule.protocol)}</span>` +
        `<span class="hint">mode ${esc(rule.mode)} · affinity ${esc(rule.affinity)}${rule.role ? ` · serves role ${esc(rule.role)}` : ''}</span>`);
      patchRows(card.querySelector('tbody'), nlb.members.map((m, i) => {
        const buckets = m.buckets[rule.name] ?? 0;
        const share = (buckets / 1024) * 100;
        return {
          key: m.name,
          cells: [
            ['name', `<span class="swatch p${i % PALETTE.length}"></span>${esc(m.name)}`],
            ['mono', m.weight[rule.name] ?? '–'],
            ['mono c-buckets', String(buckets)],
            ['', `<progress class="p${i % PALETTE.length}" max="1024" value="${buckets}"></progress><span class="mono">${share.toFixed(1)}%</span>`],
          ],
        };
      }));
      drawMap(card.querySelector('canvas'), doc.bucketMaps[rule.name] ?? '', colour);
    }
    for (const card of existing.values()) card.remove();

    patchRows($('nlb-members').tBodies[0], nlb.members.map((m) => {
      const c = connectionsOf(m.name);
      const i = memberIndex.get(m.name);
      const actions = [];
      if (m.state === 'Started') actions.push(button('nlb', 'Drainstop', { node: m.name, op: 'drainstop' }), button('nlb', 'Stop', { node: m.name, op: 'stop' }, 'danger'));
      else if (m.state === 'Suspended') actions.push(button('nlb', 'Resume', { node: m.name, op: 'resume' }));
      else actions.push(button('nlb', 'Start', { node: m.name, op: 'start' }));
      return {
        key: m.name,
        cells: [
          ['name', `<span class="swatch p${i % PALETTE.length}"></span>${esc(m.name)}`],
          ['c-state', badge(m.state, m.reason)],
          ['', m.eligible ? 'yes' : `<span class="hint" title="${esc(m.admissionReason ?? '')}">no (${esc(whyNot(m, status))})</span>`],
          ['mono c-connections', `<span title="open connections forwarded to ${esc(m.name)}, summed over ${c.answered} of ${doc.hosts.length} nodes that answered">${c.sum}</span>`],
          ['mono col-opt', m.hostPriority],
          ['actions', `<span class="act">${actions.join('')}</span>`],
        ],
      };
    }));
    container.dataset.hosts = String(hostsAnswering);
  }

  // Why a member takes no new connections: the first of the conditions NLB checks that fails.
  function whyNot(member, status) {
    const node = status.nodes.find((n) => n.name === member.name);
    if (node && node.state !== 'Up') return `node ${node.state}`;
    if (member.admitted === false) return `not admitted${member.admissionReason ? ': ' + member.admissionReason : ''}`;
    if (member.admitted === null) return 'not announced yet';
    if (member.state !== 'Started') return member.state;
    return 'not eligible';
  }

  function drawMap(canvas, map, colour) {
    if (canvas.lastMap === map) return;
    canvas.lastMap = map;
    const context = canvas.getContext('2d');
    context.fillStyle = '#eaeef2';
    context.fillRect(0, 0, 32, 32);
    for (let bucket = 0; bucket < map.length; bucket++) {
      const digit = map[bucket];
      if (digit === '.') continue;
      context.fillStyle = colour(parseInt(digit, 36));
      context.fillRect(bucket % 32, Math.floor(bucket / 32), 1, 1);
    }
  }

  function renderVms() {
    const quiet = doc.hosts.filter((h) => !h.error && Array.isArray(h.vms) && h.vms.length === 0);
    const html = (quiet.length ? `<p class="empty">No VMs on ${quiet.map((h) => esc(h.node)).join(', ')}.</p>` : '') + doc.hosts.filter((h) => !quiet.includes(h)).map((h) => {
      const vms = Array.isArray(h.vms) ? h.vms : null;
      const when = h.error ? `<span class="error">${esc(h.error)}</span>${h.ageMs !== null ? ` · last answer ${ms(h.ageMs)} ago` : ''}` : h.ageMs !== null ? `answered ${ms(h.ageMs)} ago` : 'asking…';
      const table = vms === null ? '' : vms.length === 0 ? '<span class="hint">no VMs</span>'
        : '<div class="scroll"><table><thead><tr><th>VM</th><th>Role</th><th>State</th><th>Heartbeat</th><th>Verdict</th><th>Driver</th></tr></thead><tbody>' +
          vms.map((v) => `<tr><td class="name">${esc(v.name)}</td><td>${esc(v.role)}</td><td>${badge(v.state)}</td><td class="mono">${v.sinceHeartbeatMs === null ? 'none yet' : ms(v.sinceHeartbeatMs) + ' ago'}</td><td>${esc(v.verdict)}${v.monitoring ? '' : ' <span class="hint">(monitoring off)</span>'}</td><td>${esc(v.driver)}</td></tr>`).join('') +
          '</tbody></table></div>';
      return `<div class="host" data-host="${esc(h.node)}"><h4>${esc(h.node)} <span class="hint">${when}</span></h4>${table}</div>`;
    }).join('');
    setHtml($('vms'), html);
  }

  function renderEvents() {
    const toneOf = (kind) => /Down|Failed|Removed|Expired/.test(kind) ? 'k-bad' : /Up|Online|Resumed|Elected/.test(kind) ? 'k-ok' : /Paused|Moving|Maintenance|Drain|Stopped|Restarted/.test(kind) ? 'k-warn' : '';
    setHtml($('events'), doc.events.map((e) => {
      const at = new Date(e.at);
      const subject = [e.role, e.node].filter(Boolean).join(' @ ');
      return `<li data-id="${e.id}"><time datetime="${esc(e.at)}" title="${esc(e.at)}">${at.toLocaleTimeString([], { hour12: false })}</time>` +
        `<span class="kind ${toneOf(e.kind)}" title="${esc(e.kind)}">${esc(e.kind)}</span><span class="reason">${subject ? `<b>${esc(subject)}</b> ` : ''}${esc(e.reason)}</span></li>`;
    }).join('') || '<li class="hint">no events</li>');
  }

  // ---- live stream ---------------------------------------------------------------------------
  function setLive(on, text) {
    const live = $('live');
    live.classList.toggle('on', on);
    live.classList.toggle('off', !on);
    live.textContent = text ?? (on ? 'live' : 'reconnecting');
  }

  function connect() {
    const source = new EventSource('/api/dashboard/events');
    source.onmessage = (event) => {
      doc = JSON.parse(event.data);
      lastAt = Date.now();
      setLive(true);
      render();
    };
    source.onerror = () => {
      setLive(false);
      // A refused stream (503) is not retried by the browser: try again later ourselves.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    };
  }

  setInterval(() => {
    const stale = $('stale');
    const silent = Date.now() - lastAt;
    if (doc && silent > STALE_MS) {
      const others = doc.status.nodes.filter((n) => n.name !== doc.status.answeredBy)
        .map((n) => `<a href="${esc(n.apiUrl)}/">${esc(n.name)}</a>`).join(', ');
      setHtml(stale, `No update from ${esc(doc.status.answeredBy)} for ${Math.floor(silent / 1000)} s: what is shown is old. Another node's dashboard: ${others}`);
      stale.hidden = false;
      setLive(false);
    } else {
      stale.hidden = true;
    }
    if (doc) renderNodes(doc.status); // relative times
  }, 1000);

  // ---- token ---------------------------------------------------------------------------------
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  function showToken() {
    $('token').classList.toggle('has-token', !!token());
    $('token').textContent = token() ? 'Token set' : 'Operator token';
  }

  function askToken(then) {
    pending = then ?? null;
    $('token-error').hidden = true;
    $('token-input').value = '';
    $('token-dialog').showModal();
    $('token-input').focus();
  }

  async function saveToken(event) {
    event.preventDefault();
    const value = $('token-input').value.trim();
    if (!value) return;
    const check = await fetch('/api/token-check', { method: 'POST', headers: { Authorization: `Bearer ${value}` } }).catch(() => null);
    if (!check || !check.ok) {
      const error = $('token-error');
      error.textContent = check ? (check.status === 401 ? 'The node refused this token.' : `The node answered ${check.status}.`) : 'The node did not answer.';
      error.hidden = false;
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token-dialog').close();
    showToken();
    toast('Token accepted; actions are enabled.');
    const next = pending;
    pending = null;
    if (next) next();
  }

  // ---- actions -------------------------------------------------------------------------------
  function toast(text, bad) {
    const element = document.createElement('div');
    element.className = 'toast' + (bad ? ' bad' : '');
    element.textContent = text;
    $('toasts').appendChild(element);
    setTimeout(() => element.remove(), bad ? 8000 : 4000);
  }

  async function call(path, label, trigger) {
    if (!token()) {
      askToken(() => call(path, label, trigger));
      return;
    }
    if (trigger) trigger.disabled = true;
    try {
      const response = await fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${token()}` } });
      const body = await response.json().catch(() => ({}));
      if (response.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        showToken();
        toast(`${label}: the token was refused; enter it again.`, true);
        askToken(() => call(path, label, trigger));
      } else if (!response.ok) {
        toast(`${label}: ${body.error ?? response.statusText}`, true);
      } else {
        toast(`${label}: committed${body.version ? ` (version ${body.version})` : ''}.`);
      }
    } catch (e) {
      toast(`${label}: the node did not answer (${e.message}).`, true);
    } finally {
      if (trigger) trigger.disabled = false;
    }
  }

  const leader = (path) => `/api/dashboard/leader/${path}`;
  document.addEventListener('click', (event) => {
    const b = event.target.closest('[data-act]');
    if (!b) return;
    const d = b.dataset;
    switch (d.act) {
      case 'pause': return call(leader(`nodes/${enc(d.node)}/pause`), `pause ${d.node}`, b);
      case 'resume': return call(leader(`nodes/${enc(d.node)}/resume${d.failback ? '?failback=true' : ''}`), `resume ${d.node}`, b);
      case 'start': return call(leader(`roles/${enc(d.role)}/start`), `start ${d.role}`, b);
      case 'stop': return call(leader(`roles/${enc(d.role)}/stop`), `stop ${d.role}`, b);
      case 'move': {
        const target = document.querySelector(`select[data-move="${CSS.escape(d.role)}"]`)?.value ?? '';
        return call(leader(`roles/${enc(d.role)}/move${target ? `?node=${enc(target)}` : ''}`), `move ${d.role} to ${target || 'the best node'}`, b);
      }
      case 'nlb': return call(`/api/nlb/members/${enc(d.node)}/${enc(d.op)}`, `${d.op} ${d.node}`, b);
      default: return undefined;
    }
  });

  $('maintenance').addEventListener('click', (event) => {
    const on = event.currentTarget.dataset.on !== 'true';
    call(leader(`maintenance?on=${on}`), `maintenance ${on ? 'on' : 'off'}`, event.currentTarget);
  });
  $('token').addEventListener('click', () => askToken());
  $('token-form').addEventListener('submit', saveToken);
  $('token-cancel').addEventListener('click', () => { pending = null; $('token-dialog').close(); });
  $('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    pending = null;
    $('token-dialog').close();
    showToken();
    toast('Token forgotten.');
  });

  showToken();
  connect();
})();
