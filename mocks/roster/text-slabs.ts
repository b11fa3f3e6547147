// Off-heap storage of many short texts in large Buffers. Strings on the V8 heap of 100,000 users
// left the heap about twice as large as its live data after seeding, because the stored strings
// sat between dead objects on the same pages (measured on Node 20).

const SLAB_BYTES = 1 << 20;
// Compaction runs when dead bytes exceed both this and the live bytes.
const MIN_DEAD_BYTES_TO_COMPACT = 8 << 20;

/** Texts stored as UTF-8 in 1 MiB Buffers, addressed by a handle that stays valid until free(). */
export class TextSlabs {
  private slabs: Buffer[] = [];
  // Bytes used in the last slab, where new texts go.
  private used = SLAB_BYTES;
  // Per handle: slab index (-1 when the handle is free), byte offset and byte length.
  private slabOf = new Int32Array(1024).fill(-1);
  private offsetOf = new Int32Array(1024);
  private lengthOf = new Int32Array(1024);
  private readonly freeHandles: number[] = [];
  private handleCount = 0;
  private liveBytes = 0;
  private deadBytes = 0;

  add(text: string): number {
    const handle = this.freeHandles.pop() ?? this.newHandle();
    this.place(handle, text);
    this.liveBytes += this.lengthOf[handle];
    return handle;
  }

  read(handle: number): string {
    const offset = this.offsetOf[handle];
    return this.slabs[this.slabOf[handle]].toString('utf8', offset, offset + this.lengthOf[handle]);
  }

  free(handle: number): void {
    this.liveBytes -= this.lengthOf[handle];
    this.deadBytes += this.lengthOf[handle];
    this.slabOf[handle] = -1;
    this.freeHandles.push(handle);
    if (this.deadBytes > MIN_DEAD_BYTES_TO_COMPACT && this.deadBytes > this.liveBytes) this.compact();
  }

  private newHandle(): number {
    if (this.handleCount === this.slabOf.length) {
      const capacity = this.slabOf.length * 2;
      this.slabOf = grow(this.slabOf, capacity, -1);
      this.offsetOf = grow(this.offsetOf, capacity, 0);
      this.lengthOf = grow(this.lengthOf, capacity, 0);
    }
    return this.handleCount++;
  }

  /** Writes a text at the end of the last slab, or in a new slab when it does not fit. */
  private place(handle: number, text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    if (this.used + length > SLAB_BYTES) {
      // A text longer than a slab gets a Buffer of its own.
      this.slabs.push(Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, length)));
      this.used = 0;
    }
    const slab = this.slabs.length - 1;
    this.slabs[slab].write(text, this.used, length, 'utf8');
    this.slabOf[handle] = slab;
    this.offsetOf[handle] = this.used;
    this.lengthOf[handle] = length;
    this.used += length;
  }

  /** Copies the live texts into new slabs, keeping every handle, and drops the old slabs. */
  private compact(): void {
    const texts: Array<[number, string]> = [];
    for (let handle = 0; handle < this.handleCount; handle += 1) {
      if (this.slabOf[handle] !== -1) texts.push([handle, this.read(handle)]);
    }
    this.slabs = [];
    this.used = SLAB_BYTES;
    for (const [handle, text] of texts) this.place(handle, text);
    this.deadBytes = 0;
  }
}

function grow(array: Int32Array<ArrayBuffer>, capacity: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(capacity).fill(fill);
  grown.set(array);
  return grown;
}
