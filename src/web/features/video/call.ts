// The call itself: a mesh of RTCPeerConnections, one per other participant (at most five), with
// media straight between browsers and the server relaying only offers, answers and ICE
// candidates. Of each pair, the participant whose id sorts first makes the offer, so two peers
// never offer to each other at once. A chat rides on a data channel of each connection and is
// kept nowhere but in the open pages.
import type { IceServer, RoomClient, VideoParticipant } from './video.api.ts';

export type ChatLine = { from: string; name: string; text: string; at: number };
/** 0: full quality; 1: lower resolution and bitrate; 2: audio only. */
export type LowData = 0 | 1 | 2;

type Peer = {
  pc: RTCPeerConnection;
  chat: RTCDataChannel;
  stream: MediaStream;
  pendingIce: RTCIceCandidateInit[];
  /** Inbound bytes and lost packets at the last look, for the connection indicator. */
  last: { received: number; lost: number } | null;
  poor: boolean;
};

export type CallState = {
  peers: Map<string, { stream: MediaStream; poor: boolean }>;
  chat: ChatLine[];
  lowData: LowData;
  /** Low data was turned on by the call itself (the connection was poor). */
  autoLowData: boolean;
  /** My own connection looks poor (the browser limits what it sends for lack of bandwidth). */
  poor: boolean;
};

const LOW_SCALE = 4;
const LOW_BITRATE = 150_000;
const STATS_MS = 2_000;
/** Sending is poor when the way out stays under this (bits per second) for POOR_CHECKS looks in a row. */
const POOR_BITRATE = 250_000;
const POOR_CHECKS = 5;

export class Call {
  readonly local: MediaStream;
  private readonly peers = new Map<string, Peer>();
  private chat: ChatLine[] = [];
  private lowData: LowData = 0;
  private autoLowData = false;
  private limited = 0;
  private poor = false;
  private timer: ReturnType<typeof setInterval>;
  private closed = false;
  private videoOverride: MediaStreamTrack | null = null;

  private readonly client: RoomClient;
  private readonly me: { id: string; name: string };
  private readonly iceServers: RTCIceServer[];
  private readonly changed: (s: CallState) => void;

  constructor(client: RoomClient, me: { id: string; name: string }, local: MediaStream, iceServers: IceServer[], changed: (s: CallState) => void) {
    this.client = client;
    this.me = me;
    this.local = local;
    this.changed = changed;
    this.iceServers = iceServers.map((s) => ({ urls: s.urls, ...(s.username === undefined ? {} : { username: s.username }), ...(s.credential === undefined ? {} : { credential: s.credential }) }));
    this.timer = setInterval(() => void this.watch(), STATS_MS);
  }

  state(): CallState {
    return {
      peers: new Map([...this.peers].map(([id, p]) => [id, { stream: p.stream, poor: p.poor }])),
      chat: this.chat, lowData: this.lowData, autoLowData: this.autoLowData, poor: this.poor,
    };
  }

  private emit() {
    if (!this.closed) this.changed(this.state());
  }

  /** The track each kind sends: the screen while it is shared, else the camera (none when it is off). */
  private track(kind: 'audio' | 'video'): MediaStreamTrack | null {
    if (kind === 'video' && this.videoOverride) return this.videoOverride;
    return (kind === 'audio' ? this.local.getAudioTracks() : this.local.getVideoTracks())[0] ?? null;
  }

  /** The room as the server says it is: connect to everyone admitted, drop whoever left. */
  onRoom(participants: readonly VideoParticipant[]) {
    const admitted = new Set(participants.filter((p) => p.state === 'admitted' && p.id !== this.me.id).map((p) => p.id));
    for (const id of [...this.peers.keys()]) if (!admitted.has(id)) this.drop(id);
    for (const id of admitted) if (!this.peers.has(id) && this.me.id < id) void this.offer(id);
  }

  private peer(id: string): Peer {
    const existing = this.peers.get(id);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const chat = pc.createDataChannel('chat', { negotiated: true, id: 0 });
    const p: Peer = { pc, chat, stream: new MediaStream(), pendingIce: [], last: null, poor: false };
    this.peers.set(id, p);
    pc.onicecandidate = (e) => {
      if (e.candidate) void this.client.signal({ from: this.me.id, to: id, kind: 'ice', data: JSON.stringify(e.candidate.toJSON()) }).catch(() => {});
    };
    pc.ontrack = (e) => {
      p.stream.addTrack(e.track);
      this.emit();
    };
    pc.onconnectionstatechange = () => this.emit();
    chat.onmessage = (e: MessageEvent<string>) => {
      try {
        const m = JSON.parse(e.data) as { name: string; text: string };
        this.chat = [...this.chat, { from: id, name: String(m.name).slice(0, 100), text: String(m.text).slice(0, 1000), at: Date.now() }];
        this.emit();
      } catch {
        /* not a chat line */
      }
    };
    this.emit();
    return p;
  }

  private async offer(id: string) {
    const p = this.peer(id);
    for (const kind of ['audio', 'video'] as const) {
      p.pc.addTransceiver(this.track(kind) ?? kind, { direction: 'sendrecv', streams: [this.local] });
    }
    await this.applyLowData(p.pc);
    await p.pc.setLocalDescription(await p.pc.createOffer());
    await this.client.signal({ from: this.me.id, to: id, kind: 'offer', data: JSON.stringify(p.pc.localDescription) });
  }

  async onSignal(from: string, kind: 'offer' | 'answer' | 'ice', data: string) {
    const body = JSON.parse(data) as RTCSessionDescriptionInit & RTCIceCandidateInit;
    if (kind === 'offer') {
      const p = this.peer(from);
      await p.pc.setRemoteDescription(body);
      // The offer made a transceiver per kind: send ours on each.
      for (const t of p.pc.getTransceivers()) {
        const k = t.receiver.track.kind as 'audio' | 'video';
        t.direction = 'sendrecv';
        await t.sender.replaceTrack(this.track(k));
        t.sender.setStreams?.(this.local);
      }
      await this.flushIce(p);
      await p.pc.setLocalDescription(await p.pc.createAnswer());
      await this.applyLowData(p.pc);
      await this.client.signal({ from: this.me.id, to: from, kind: 'answer', data: JSON.stringify(p.pc.localDescription) });
    } else if (kind === 'answer') {
      const p = this.peers.get(from);
      if (!p) return;
      await p.pc.setRemoteDescription(body);
      await this.flushIce(p);
    } else {
      const p = this.peer(from);
      if (p.pc.remoteDescription) await p.pc.addIceCandidate(body).catch(() => {});
      else p.pendingIce.push(body);
    }
  }

  private async flushIce(p: Peer) {
    for (const c of p.pendingIce.splice(0)) await p.pc.addIceCandidate(c).catch(() => {});
  }

  private drop(id: string) {
    const p = this.peers.get(id);
    if (!p) return;
    p.pc.close();
    this.peers.delete(id);
    this.emit();
  }

  /** Sends a line to everyone in the call; it is kept only in the pages that show it. */
  say(text: string) {
    const line = { name: this.me.name, text };
    for (const p of this.peers.values()) if (p.chat.readyState === 'open') p.chat.send(JSON.stringify(line));
    this.chat = [...this.chat, { from: this.me.id, ...line, at: Date.now() }];
    this.emit();
  }

  setMicrophone(on: boolean) {
    for (const t of this.local.getAudioTracks()) t.enabled = on;
  }

  /** Puts a new track in place of the one each connection sends of its kind. */
  async replace(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    for (const p of this.peers.values()) {
      for (const s of p.pc.getTransceivers()) {
        if (s.receiver.track.kind === kind && s.currentDirection !== 'stopped') await s.sender.replaceTrack(track);
      }
    }
  }

  /** The camera on (a new track from `constraints`) or off (its light goes out). */
  async setCamera(on: boolean, constraints: MediaTrackConstraints | boolean = true) {
    for (const t of this.local.getVideoTracks()) {
      t.stop();
      this.local.removeTrack(t);
    }
    if (on) {
      const s = await navigator.mediaDevices.getUserMedia({ video: constraints });
      const track = s.getVideoTracks()[0];
      if (track) this.local.addTrack(track);
    }
    if (!this.videoOverride) await this.replace('video', this.track('video'));
    this.emit();
  }

  /** Shares a screen instead of the camera until it stops (or `null` is given). */
  async shareScreen(track: MediaStreamTrack | null) {
    this.videoOverride = track;
    if (track) track.onended = () => void this.shareScreen(null);
    await this.replace('video', this.track('video'));
    this.emit();
  }

  async setLowData(level: LowData, auto = false) {
    this.lowData = level;
    this.autoLowData = auto;
    for (const p of this.peers.values()) await this.applyLowData(p.pc);
    this.emit();
  }

  /** Lower resolution and bitrate, or no video at all, on every connection's video sender. */
  private async applyLowData(pc: RTCPeerConnection) {
    for (const t of pc.getTransceivers()) {
      if (t.receiver.track.kind !== 'video' || t.currentDirection === 'stopped') continue;
      const params = t.sender.getParameters();
      if (!params.encodings || params.encodings.length === 0) continue;
      for (const e of params.encodings) {
        e.active = this.lowData < 2;
        e.scaleResolutionDownBy = this.lowData === 0 ? 1 : LOW_SCALE;
        if (this.lowData === 0) delete e.maxBitrate;
        else e.maxBitrate = LOW_BITRATE;
      }
      await t.sender.setParameters(params).catch(() => {});
    }
  }

  /**
   * Looks at each connection's statistics: a peer whose packets are being lost (over 5 %) shows a
   * poor connection; when the browser keeps limiting what it sends for lack of bandwidth on a
   * narrow way out (ten seconds), low data turns itself on.
   */
  private async watch() {
    let limited = false;
    for (const p of this.peers.values()) {
      const stats = await p.pc.getStats().catch(() => null);
      if (!stats) continue;
      let received = 0;
      let lost = 0;
      let bandwidthLimited = false;
      let available = Infinity;
      stats.forEach((s: { type: string; packetsReceived?: number; packetsLost?: number; qualityLimitationReason?: string; kind?: string; nominated?: boolean; availableOutgoingBitrate?: number }) => {
        if (s.type === 'inbound-rtp') {
          received += s.packetsReceived ?? 0;
          lost += s.packetsLost ?? 0;
        }
        if (s.type === 'outbound-rtp' && s.kind === 'video' && s.qualityLimitationReason === 'bandwidth') bandwidthLimited = true;
        if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate !== undefined) available = Math.min(available, s.availableOutgoingBitrate);
      });
      // Starting up, the browser limits what it sends while it measures the way: only a way that
      // stays narrow counts.
      if (bandwidthLimited && available < POOR_BITRATE) limited = true;
      if (p.last) {
        const dr = received - p.last.received;
        const dl = lost - p.last.lost;
        p.poor = p.pc.connectionState === 'disconnected' || (dr + dl > 0 && dl / (dr + dl) > 0.05);
      }
      p.last = { received, lost };
    }
    this.limited = limited ? this.limited + 1 : 0;
    this.poor = this.limited >= POOR_CHECKS;
    if (this.poor && this.lowData === 0) await this.setLowData(1, true);
    this.emit();
  }

  close() {
    this.closed = true;
    clearInterval(this.timer);
    for (const id of [...this.peers.keys()]) this.drop(id);
    for (const t of this.local.getTracks()) t.stop();
    this.videoOverride?.stop();
  }
}
