// The sandbox's chat page: a person plays the lead. It talks only to the sandbox's control API (/_sandbox)
// and its event stream; every text from the server goes into the page through textContent, never as HTML.

const storageKey = "dashly-sandbox-chat";
const $ = (id) => document.getElementById(id);

/** The chat this page shows: `{userId, conversationId}`, kept in localStorage so a reload resumes it. */
let chat = null;
/** Part ID -> its list item, so a part that comes both in an answer and on the stream shows once. */
const shownParts = new Map();
/** Delivery ID -> its table row, updated in place as attempts go on. */
const shownDeliveries = new Map();

/** Builds an element; `text` always lands as text. */
function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

async function control(method, path, body) {
  const response = await fetch(`/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const reason = data?.meta?.error_message ?? data?.error ?? response.statusText;
    throw Object.assign(new Error(`${method} ${path}: ${response.status} ${reason}`), {
      status: response.status,
    });
  }
  return data;
}

// ---- rendering -------------------------------------------------------------------------------------------

function authorOf(part) {
  if (part.direction === "u2a") return "You";
  if (part.from && typeof part.from === "object") return part.from.name || "Operator";
  return "Operator";
}

function timeOf(part) {
  const date = new Date(part.created * 1000);
  return el("time", { text: date.toLocaleTimeString(), attrs: { datetime: date.toISOString() } });
}

/** What a part that is not a message did, in words (the types of Dashly's docs; others by their name). */
function eventText(part) {
  switch (part.type) {
    case "tag_added":
      return `Tag added: ${part.tag}`;
    case "tag_deleted":
      return `Tag removed: ${part.tag}`;
    case "assigned":
      return part.assignee ? `Assigned to ${part.assignee.name ?? part.assignee.id}` : "Unassigned";
    case "closed":
      return "Closed";
    case "opened":
      return "Reopened";
    case "note":
      return `Note (operators only): ${part.body}`;
    default:
      return [String(part.type).replaceAll("_", " "), part.body].filter(Boolean).join(": ");
  }
}

function partItem(part) {
  const isMessage = typeof part.body === "string" && part.body !== "" && part.type !== "note";
  if (!isMessage) {
    // Tags, assignment, closing, notes: a line for the operator's eye, not a chat bubble.
    return el("li", { className: "event", attrs: { "data-part-id": part.id } }, [
      el("span", { text: eventText(part) }),
      timeOf(part),
    ]);
  }
  const side = part.direction === "u2a" ? "lead" : "operator";
  return el("li", { className: `message ${side}`, attrs: { "data-part-id": part.id } }, [
    el("div", { className: "meta" }, [
      el("span", { className: "author", text: authorOf(part) }),
      timeOf(part),
    ]),
    el("p", { className: "body", text: part.body }),
  ]);
}

function showPart(part) {
  if (shownParts.has(part.id)) return;
  const item = partItem(part);
  shownParts.set(part.id, item);
  $("messages").append(item);
  item.scrollIntoView({ block: "end" });
}

function showConversation(conversation) {
  $("conversation-id").textContent = conversation.id;
  const name = conversation.user?.props?.$name;
  $("user-id").textContent = name ? `${name} (${chat?.userId})` : (chat?.userId ?? "—");
  const assignee = conversation.assignee;
  $("assignee").textContent = assignee
    ? `${assignee.name ?? "admin"} (${assignee.id ?? assignee.type})`
    : "nobody";
  $("tags").replaceChildren(...(conversation.tags ?? []).map((tag) => el("li", { text: tag })));
  if ((conversation.tags ?? []).length === 0)
    $("tags").append(el("li", { className: "muted", text: "none" }));
  $("closed").textContent = conversation.closed ? "yes" : "no";
}

function deliveryCells(delivery) {
  const status = delivery.responseStatus
    ? `${delivery.status} (${delivery.responseStatus})`
    : delivery.status;
  const message = { u2a: "lead's", a2u: "operator's" }[delivery.direction] ?? delivery.type;
  const cells = [message, status, String(delivery.attempts), delivery.error ?? ""];
  return [
    el("th", { text: delivery.id, attrs: { scope: "row" } }),
    ...cells.map((text) => el("td", { text })),
  ];
}

function showDelivery(delivery) {
  if (delivery.conversationId !== chat?.conversationId) return;
  const row = shownDeliveries.get(delivery.id) ?? el("tr");
  row.className = `delivery ${delivery.status}`;
  row.replaceChildren(...deliveryCells(delivery));
  if (!shownDeliveries.has(delivery.id)) {
    shownDeliveries.set(delivery.id, row);
    $("deliveries").append(row);
  }
  $("no-deliveries").hidden = shownDeliveries.size > 0;
}

function clearChat() {
  shownParts.clear();
  shownDeliveries.clear();
  $("messages").replaceChildren();
  $("deliveries").replaceChildren();
  $("no-deliveries").hidden = false;
}

// ---- state -----------------------------------------------------------------------------------------------

async function startChat() {
  chat = await control("POST", "/chats", {});
  localStorage.setItem(storageKey, JSON.stringify(chat));
  clearChat();
  await refresh();
}

/** Reads the conversation and the delivery log again: at start, and after the stream (re)connects. */
async function refresh() {
  const conversation = await control("GET", `/conversations/${encodeURIComponent(chat.conversationId)}`);
  // A sandbox started afresh hands out the same IDs again: the stored conversation must still be this lead's.
  if (conversation.user && conversation.user.id !== chat.userId) {
    throw Object.assign(new Error("This chat is gone from the sandbox"), { status: 404 });
  }
  // The history is not news: screen readers hold the live region while it fills.
  $("messages").setAttribute("aria-busy", "true");
  for (const part of conversation.parts ?? []) showPart(part);
  $("messages").setAttribute("aria-busy", "false");
  showConversation(conversation);
  for (const delivery of await control("GET", "/deliveries")) showDelivery(delivery);
}

async function resumeOrStart() {
  try {
    chat = JSON.parse(localStorage.getItem(storageKey) ?? "null");
  } catch {
    chat = null;
  }
  if (chat?.conversationId) {
    try {
      await refresh();
      return;
    } catch (error) {
      // The sandbox was reset or restarted without this conversation: begin a new one.
      if (!(error.status >= 400 && error.status < 500)) throw error;
    }
  }
  await startChat();
}

function listen() {
  const events = new EventSource("/_sandbox/events");
  const on = (type, handle) => events.addEventListener(type, (event) => handle(JSON.parse(event.data)));
  events.addEventListener("open", () => {
    $("connection").textContent = "Live";
    if (chat) refresh().catch(showError);
  });
  events.addEventListener("error", () => {
    $("connection").textContent = "Reconnecting…";
  });
  on("part", ({ conversationId, part }) => {
    if (conversationId === chat?.conversationId) showPart(part);
  });
  on("conversation", ({ conversation }) => {
    if (conversation.id === chat?.conversationId) showConversation(conversation);
  });
  on("delivery", ({ delivery }) => showDelivery(delivery));
  on("reset", () => {
    startChat()
      .then(() => {
        $("connection").textContent = "The sandbox was reset: a new chat started";
      })
      .catch(showError);
  });
}

function showError(error) {
  $("send-error").textContent = error instanceof Error ? error.message : String(error);
}

async function send(event) {
  event.preventDefault();
  const input = $("message");
  const body = input.value;
  if (body.trim() === "") return;
  $("send-error").textContent = "";
  try {
    const path = `/conversations/${encodeURIComponent(chat.conversationId)}/lead-says`;
    const part = await control("POST", path, { body });
    input.value = "";
    showPart(part);
  } catch (error) {
    showError(error); // the text stays in the box, to send again
  }
}

$("composer").addEventListener("submit", send);
$("new-chat").addEventListener("click", () => startChat().catch(showError));
resumeOrStart()
  .then(listen)
  .catch((error) => {
    $("connection").textContent = "Cannot reach the sandbox";
    showError(error);
  });
