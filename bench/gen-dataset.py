#!/usr/bin/env python3
"""Generates the backup benchmark's dataset: an SQLite database of about 256 MiB with realistic
rows (WAL mode), a directory of about 1 GiB in about 20,000 files (text and JSON that compress,
image-like random data that does not, sizes from 1 KiB to 50 MiB), and a .env.

Usage: gen-dataset.py DIR [--scale 1.0]   (scale 0.1 makes a tenth of everything, for a quick try)
Deterministic: the same seed gives the same bytes."""
import json
import os
import random
import sqlite3
import sys

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    scale = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--scale" else 1.0
    rnd = random.Random(20261123)
    os.makedirs(os.path.join(root, "app", "uploads"), exist_ok=True)
    words = ("invoice estimate cost labour material tokyo osaka shipment pending approved rejected "
             "project supplier customer quantity unit price total tax delivery warehouse note").split()

    # SQLite: orders with items, ~256 MiB at scale 1.
    db_path = os.path.join(root, "app", "master.db")
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("pragma journal_mode=wal")
    db.execute("create table customers (id integer primary key, name text, email text, address text)")
    db.execute("create table orders (id integer primary key, customer_id integer, created text, status text, "
               "total integer, note text)")
    db.execute("create index ix_orders_customer on orders(customer_id)")
    customers = int(50_000 * scale)
    db.executemany("insert into customers values (?,?,?,?)",
                   ((i, f"Customer {i}", f"c{i}@example.jp", " ".join(rnd.choices(words, k=8))) for i in range(1, customers + 1)))
    orders = int(1_600_000 * scale)
    batch = []
    for i in range(1, orders + 1):
        batch.append((i, rnd.randint(1, customers), f"2026-{rnd.randint(1,12):02d}-{rnd.randint(1,28):02d}",
                      rnd.choice(("pending", "approved", "shipped", "rejected")), rnd.randint(100, 9_999_999),
                      " ".join(rnd.choices(words, k=rnd.randint(5, 25)))))
        if len(batch) == 50_000:
            db.executemany("insert into orders values (?,?,?,?,?,?)", batch)
            batch.clear()
    db.executemany("insert into orders values (?,?,?,?,?,?)", batch)
    db.commit()
    db.close()

    # Directory: ~20,000 files, ~1 GiB.
    uploads = os.path.join(root, "app", "uploads")
    small = int(19_980 * scale)
    for i in range(small):
        sub = os.path.join(uploads, f"{i % 100:02d}")
        os.makedirs(sub, exist_ok=True)
        size = int(rnd.triangular(1024, 61_440, 20_000))
        if i % 2 == 0:
            text = json.dumps({"id": i, "items": [{"sku": rnd.randint(1, 99999), "desc": " ".join(rnd.choices(words, k=12))}
                                                   for _ in range(size // 120 + 1)]})
            data = text.encode()[:size]
            name = f"doc-{i}.json"
        else:
            data = rnd.randbytes(size)
            name = f"img-{i}.jpg"
        with open(os.path.join(sub, name), "wb") as f:
            f.write(data)
    large = max(1, int(20 * scale))
    os.makedirs(os.path.join(uploads, "large"), exist_ok=True)
    for i in range(large):
        size = int(rnd.uniform(5, 50) * 1024 * 1024 * 0.85)
        with open(os.path.join(uploads, "large", f"video-{i}.bin" if i % 4 else f"log-{i}.txt"), "wb") as f:
            if i % 4:
                f.write(rnd.randbytes(size))
            else:
                line = (" ".join(rnd.choices(words, k=16)) + "\n").encode()
                f.write(line * (size // len(line)))

    with open(os.path.join(root, "app", ".env"), "w") as f:
        f.write("DATABASE_URL=sqlite:///master.db\nSECRET_KEY=bench\nMAIL_HOST=smtp.example.jp\n")

if __name__ == "__main__":
    main()
