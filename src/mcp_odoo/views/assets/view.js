"use strict";
// The MCP Apps side of every view: JSON-RPC over postMessage with the host (ui/initialize, the tool
// input and result notifications, the host's theme), tools/call through the host (so every action
// goes through the server's own tools and policy), and small DOM helpers that only ever set text.
const McpView = (() => {
  const host = window.parent;
  const pending = new Map();
  const listeners = {};
  let nextId = 1;
  let toolName = null;
  let toolInput = {};
  let locale;

  function send(message) {
    host.postMessage({ jsonrpc: "2.0", ...message }, "*");
  }

  function request(method, params) {
    const id = nextId++;
    send({ id, method, params });
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }

  function applyContext(context) {
    if (!context) return;
    const root = document.documentElement;
    if (context.theme === "light" || context.theme === "dark") root.dataset.theme = context.theme;
    const variables = (context.styles && context.styles.variables) || {};
    for (const [name, value] of Object.entries(variables)) {
      if (name.startsWith("--") && typeof value === "string") root.style.setProperty(name, value);
    }
    if (context.locale) locale = context.locale;
    if (context.toolInfo && context.toolInfo.tool) toolName = context.toolInfo.tool.name;
  }

  window.addEventListener("message", (event) => {
    if (event.source !== host) return;
    const message = event.data;
    if (!message || message.jsonrpc !== "2.0") return;
    if (message.method === undefined && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(message.error.message || "the host refused the request"));
      else resolve(message.result);
    } else if (message.method !== undefined && message.id !== undefined) {
      send({ id: message.id, result: {} });
    } else if (message.method === "ui/notifications/tool-input") {
      toolInput = (message.params && message.params.arguments) || {};
    } else if (message.method === "ui/notifications/host-context-changed") {
      applyContext(message.params);
    } else if (listeners[message.method]) {
      listeners[message.method](message.params || {});
    }
  });

  async function start(onResult) {
    listeners["ui/notifications/tool-result"] = onResult;
    const init = await request("ui/initialize", {
      protocolVersion: "2026-01-26",
      appInfo: { name: "mcp-odoo", version: "1" },
      appCapabilities: {},
    });
    applyContext(init && init.hostContext);
    send({ method: "ui/notifications/initialized", params: {} });
    let lastHeight = 0;
    new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== lastHeight) {
        lastHeight = height;
        send({ method: "ui/notifications/size-changed", params: { width: window.innerWidth, height } });
      }
    }).observe(document.documentElement);
  }

  // Calls a tool through the host; resolves with its CallToolResult (isError results included).
  async function callTool(name, args) {
    return request("tools/call", { name, arguments: args });
  }

  function text(result) {
    return ((result && result.content) || [])
      .filter((block) => block.type === "text")
      .map((block) => block.text)
      .join("\n");
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "onclick" || name === "onchange") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Replaces the node's children, leaving out the absent ones (null, undefined, false).
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  }

  function number(value, digits) {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: digits ?? 2 }).format(value || 0);
  }

  function money(value, currency) {
    if (typeof currency === "string" && /^[A-Z]{3}$/.test(currency)) {
      try {
        return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value || 0);
      } catch (error) {
        // An unknown currency code: fall through to a plain amount.
      }
    }
    return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      value || 0,
    );
  }

  // A many2one as the server sends it ({id, name}), or a bare value.
  function nameOf(value) {
    return value && typeof value === "object" ? value.name : value;
  }

  function idOf(value) {
    return value && typeof value === "object" ? value.id : value;
  }

  function setState(state) {
    document.body.dataset.state = state;
  }

  function notice(node, message, kind) {
    node.textContent = message || "";
    node.className = "notice" + (kind ? " " + kind : "");
  }

  return {
    start,
    callTool,
    text,
    el,
    fill,
    number,
    money,
    nameOf,
    idOf,
    setState,
    notice,
    tool: () => toolName,
    input: () => toolInput,
  };
})();
