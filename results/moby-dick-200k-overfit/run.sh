#!/bin/bash
# Issue 14 study (run from the repository root with .devstudy/moby200k.txt = the first 200,000 bytes of Moby-Dick) on the GPU: G2 vs LSTM trained long on a small text (200 kB of Moby-Dick) until the LSTM overfits.
cd "$(dirname "$0")/.." && export PYTHONPATH=python PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
nvidia-smi -L; python3 -c 'import torch; print(torch.__version__, torch.cuda.is_available())'
mkdir -p /tmp/s
COMMON="--text .devstudy/moby200k.txt --hidden 256 --embedding 64 --layers 1 --steps 8000 --seq 64 --batch 32 --lr 0.002 --eval-every 400 --device cuda"
for seed in 1 2 3; do for cell in g2 lstm; do
  timeout 470 python3 -m gatelab_torch.train $COMMON --cell $cell --seed $seed --out /tmp/s/$cell-seed$seed > /tmp/s/$cell-seed$seed.log 2>&1 &
done; done
timeout 470 python3 -m gatelab_torch.train $COMMON --cell g2 --noise-p 0.2 --seed 1 --out /tmp/s/g2p02-seed1 > /tmp/s/g2p02-seed1.log 2>&1 &
sleep 60; tail -n 2 /tmp/s/*.log; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv
wait
tail -n 3 /tmp/s/*.log
tar czf $OUT/study.tgz -C /tmp s
