// One WebSocket to /ws for the whole page. Pages say which twins they show (watch); the feed keeps exactly those
// subscriptions on the socket, reconnects with back-off when the connection drops, and tells the page to reload its
// data whenever it may have missed events: after a reconnect, and on the server's gap notice.

const control = new Set(['subscribed', 'unsubscribed']);

export class Feed extends EventTarget {
  #socket = null;
  #subscriptions = new Map();
  #attempt = 0;
  #opened = false;
  #stopped = false;
  #timer = 0;
  state = 'connecting';

  start() {
    this.#stopped = false;
    this.#setState('connecting');
    this.#connect();
  }

  /** Closes the socket for good (logging out); start() opens a new one. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
    this.#socket = null;
    this.#opened = false;
    this.#setState('off');
  }

  /** Replaces the page's subscriptions with these filters ({twin_id, type, events, ...} as /ws takes them). */
  watch(filters) {
    const wanted = new Map(filters.map((filter) => [JSON.stringify(filter), filter]));
    for (const [key, filter] of this.#subscriptions) {
      if (!wanted.has(key)) {
        this.#send({ action: 'unsubscribe', ...filter });
      }
    }
    for (const [key, filter] of wanted) {
      if (!this.#subscriptions.has(key)) {
        this.#send({ action: 'subscribe', ...filter });
      }
    }
    this.#subscriptions = wanted;
  }

  #send(frame) {
    if (this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(JSON.stringify(frame));
    }
  }

  #setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  #connect() {
    // The handshake carries the session cookie, as every request of this page does.
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      const reconnected = this.#opened;
      this.#opened = true;
      this.#attempt = 0;
      for (const filter of this.#subscriptions.values()) {
        socket.send(JSON.stringify({ action: 'subscribe', ...filter }));
      }
      this.#setState('live');
      if (reconnected) {
        this.dispatchEvent(new CustomEvent('resync', { detail: { reason: 'reconnected' } }));
      }
    });
    socket.addEventListener('message', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      if (event.type === 'gap') {
        this.dispatchEvent(new CustomEvent('resync', { detail: { reason: 'gap', dropped: event.dropped } }));
      } else if (event.type === 'error') {
        console.warn('live feed refused a frame', event.code, event.message);
      } else if (!control.has(event.type)) {
        this.dispatchEvent(new CustomEvent('event', { detail: event }));
      }
    });
    socket.addEventListener('close', () => {
      if (this.#socket !== socket || this.#stopped) {
        return;
      }
      this.#setState('reconnecting');
      const delay = Math.min(500 * 2 ** this.#attempt, 10000);
      this.#attempt += 1;
      this.#timer = setTimeout(() => this.#connect(), delay);
    });
  }
}
