#!/bin/bash
# Issue 14 item 3 on the GPU: copying task T 10 — does a forget-gate bias let G2 learn it? (6,000 steps each)
cd "$(dirname "$0")/.." && export PYTHONPATH=python PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
mkdir -p /tmp/c
C="--text .devstudy/copy10.txt --hidden 64 --embedding 64 --layers 1 --steps 6000 --seq 31 --batch 16 --lr 0.01 --eval-every 1000 --device cuda"
go() { name=$1; shift; (timeout 140 python3 -m gatelab_torch.train $C "$@" --out /tmp/c/$name > /tmp/c/$name.log 2>&1 && python3 .devstudy/recall.py /tmp/c/$name/weights.safetensors .devstudy/copy10-heldout.json $name >> /tmp/c/recall.jsonl) & }
go lstm-fb0 --cell lstm --seed 1
go lstm-fb3 --cell lstm --seed 1 --forget-bias 3
go g2-fb0 --cell g2 --seed 1
go g2-fb3 --cell g2 --seed 1 --forget-bias 3
go g2-fb5 --cell g2 --seed 1 --forget-bias 5
go g2-fb5-s2 --cell g2 --seed 2 --forget-bias 5
go g2p02-fb3 --cell g2 --seed 1 --forget-bias 3 --noise-p 0.2
go g2-tau05-fb3 --cell g2 --seed 1 --forget-bias 3 --tau 0.5
wait
cat /tmp/c/recall.jsonl; tail -n 2 /tmp/c/*.log
tar czf $OUT/copy.tgz -C /tmp c --exclude='*.safetensors'
