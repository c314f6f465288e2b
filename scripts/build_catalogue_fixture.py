#!/usr/bin/env python
"""Build fixtures/catalogue.json from the reference CSVs of the KPI catalogue and targets.

    python scripts/build_catalogue_fixture.py [--reference DIR] [--output FILE]

The catalogue (u4ssc_kpis.csv) gives codes, names, types, units, kinds and
directions; targets.csv the benchmark targets with their sources; sdg_map.csv each
KPI's SDGs, SDG targets and ISO 37120 number, and whether the U4SSC text confirms
the mapping (sdg_source u4ssc) or it is provisional. Categories
and KPIs are ordered as the published Ålesund report prints them
(alesund_2019.csv follows that order); data points as the catalogue lists them.

catalogue_translations.csv (kind,key,field,lang,text) gives the French, Spanish and Arabic names
and units of every dimension, sub-dimension, category, KPI (key: its code) and data point (key: its
English name); they load as provisional translations (kpis.translation), English in the _en fields.
"""
import argparse
import csv
import json
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT / "fixtures" / "reference"
DEFAULT_OUTPUT = ROOT / "fixtures" / "catalogue.json"

EDITION = {"name": "U4SSC KPIs (Y.4903, 2017)", "year": 2017}
# The targets of targets.csv are edition 1 of the catalogue's targets; later editions are made on the site.
TARGETS_EDITION = {"catalogue": 1, "number": 1, "created_at": "2026-11-29T00:00:00Z", "created_by": None,
                   "reason": "The initial targets of the catalogue (fixtures/reference/targets.csv)."}
LANGUAGES = ("fr", "es", "ar")
# The translated fields of each model (kpis/translation.py).
TRANSLATED = {"dimension": ("name",), "subdimension": ("name",), "category": ("name",),
              "kpi": ("name", "unit", "definition"), "datapoint": ("name", "unit")}
DIMENSIONS = {"Economy": "EC", "Environment": "EN", "Society and Culture": "SC"}

# Gross school enrolment counts pupils of any age against the school-age
# population, so it legitimately passes 100 % (Ålesund reports 100.25 %).
MAY_EXCEED_100 = {("SC: EH: ED: 2C", "School Enrolment")}


def calculation_for(unit, value_kind):
    """How the data collection template computes a value from numerator and denominator."""
    if value_kind == "yes_no":
        return "direct", False
    if unit.startswith("%"):
        return "times_100", False
    if "/ 100 000 inhabitants" in unit:
        return "per_100k", True
    if "/ 100 000" in unit:
        return "per_100k", False
    if unit.endswith("/ capita"):
        return "per_capita", True
    if unit.startswith("ratio") or unit in ("coefficient", "interruptions / customer / yr", "kWh / m² / yr"):
        return "ratio", False
    return "direct", False


def sdg_fields(row):
    """A KPI's SDG mapping from its sdg_map.csv row; no row: nothing linked, provisional."""
    if row is None:
        return {"sdgs": "", "sdg_targets": "", "sdg_source": "provisional", "iso37120": "", "iso37120_source": ""}
    return {"sdgs": row["sdgs"], "sdg_targets": row["sdg_targets"],
            "sdg_source": "u4ssc" if row["sdg_source"] == "u4ssc" else "provisional",
            "iso37120": row["iso37120"], "iso37120_source": row["iso37120_source"]}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_translations(path):
    """{(kind, key, field): {lang: text}} from catalogue_translations.csv."""
    translations = {}
    for row in read_csv(path):
        if row["kind"] not in TRANSLATED or row["field"] not in TRANSLATED[row["kind"]] or row["lang"] not in LANGUAGES:
            raise SystemExit(f"catalogue_translations.csv: unknown kind, field or language in {row}")
        translations.setdefault((row["kind"], row["key"], row["field"]), {})[row["lang"]] = row["text"]
    return translations


def translated(records, translations, key_of):
    """Each record's translated fields in every language: English from the record, the others from the CSV."""
    used = set()
    for record in records:
        kind = record["model"].split(".")[1]
        if kind not in TRANSLATED:
            continue
        fields = record["fields"]
        for field in TRANSLATED[kind]:
            fields[f"{field}_en"] = fields[field]
            texts = translations.get((kind, key_of(kind, fields), field), {})
            if fields[field] and set(texts) != set(LANGUAGES):
                raise SystemExit(f"catalogue_translations.csv lacks a language of {kind} {key_of(kind, fields)} {field}")
            used.add((kind, key_of(kind, fields), field))
            for lang in LANGUAGES:
                fields[f"{field}_{lang}"] = texts.get(lang) if fields[field] else None
    if set(translations) - used:
        raise SystemExit(f"catalogue_translations.csv names rows missing from the catalogue: {sorted(set(translations) - used)}")
    return records


def translation_key(kind, fields):
    return fields["code"] if kind == "kpi" else fields["name"]


def build(reference):
    catalogue = read_csv(reference / "u4ssc_kpis.csv")
    targets = {(row["code"], row["data_point"]): row for row in read_csv(reference / "targets.csv")}
    report_order = read_csv(reference / "alesund_2019.csv")
    sdg_map = {row["code"]: row for row in read_csv(reference / "sdg_map.csv")}

    category_rank, kpi_rank = {}, {}
    for row in report_order:
        category_rank.setdefault((row["dimension"], row["category"]), len(category_rank))
        kpi_rank.setdefault(row["code"], len(kpi_rank))

    records = [{"model": "kpis.edition", "pk": 1, "fields": {**EDITION, "is_current": True}}]
    dimension_pk, subdimension_pk, category_pk, kpi_pk = {}, {}, {}, {}

    for order, (name, code) in enumerate(DIMENSIONS.items(), start=1):
        dimension_pk[name] = order
        records.append({"model": "kpis.dimension", "pk": order,
                        "fields": {"edition": 1, "code": code, "name": name, "order": order}})

    for row in catalogue:
        dimension = row["dimension"]
        sub_code = row["code"].split(":")[1].strip()
        key = (dimension, row["subdimension"])
        if key not in subdimension_pk:
            subdimension_pk[key] = len(subdimension_pk) + 1
            records.append({"model": "kpis.subdimension", "pk": subdimension_pk[key], "fields": {
                "dimension": dimension_pk[dimension], "code": sub_code, "name": row["subdimension"],
                "order": sum(1 for d, _ in subdimension_pk if d == dimension)}})

    categories = sorted({(r["dimension"], r["category"]) for r in catalogue},
                        key=lambda key: (dimension_pk[key[0]], category_rank.get(key, 999), key[1]))
    for pk, (dimension, name) in enumerate(categories, start=1):
        category_pk[(dimension, name)] = pk
        records.append({"model": "kpis.category", "pk": pk, "fields": {
            "dimension": dimension_pk[dimension], "name": name,
            "order": sum(1 for d, _ in categories[:pk] if d == dimension)}})

    kpi_rows = {}
    for row in catalogue:
        kpi_rows.setdefault(row["code"], row)
    ordered_codes = sorted(kpi_rows, key=lambda code: (kpi_rank.get(code, 999), code))
    for pk, code in enumerate(ordered_codes, start=1):
        row = kpi_rows[code]
        kpi_pk[code] = pk
        category = category_pk[(row["dimension"], row["category"])]
        records.append({"model": "kpis.kpi", "pk": pk, "fields": {
            "subdimension": subdimension_pk[(row["dimension"], row["subdimension"])],
            "category": category, "code": code, "name": row["kpi"],
            "type": row["type"].lower(), "unit": row["unit"], "definition": "", **sdg_fields(sdg_map.pop(code, None)),
            "order": pk}})
    if sdg_map:
        raise SystemExit(f"sdg_map.csv names KPIs missing from the catalogue: {sorted(sdg_map)}")

    target_pk = 0
    records.append({"model": "kpis.targetsedition", "pk": 1, "fields": TARGETS_EDITION})
    position = {}
    for pk, row in enumerate(catalogue, start=1):
        code, name = row["code"], row["data_point"]
        position[code] = position.get(code, 0) + 1
        calculation, per_population = calculation_for(row["unit"], row["value_kind"])
        numeric = row["value_kind"] != "yes_no"
        capped = row["value_kind"] == "percent" and (code, name) not in MAY_EXCEED_100
        records.append({"model": "kpis.datapoint", "pk": pk, "fields": {
            "kpi": kpi_pk[code], "name": name, "unit": row["unit"], "value_kind": row["value_kind"],
            "direction": row["direction"], "calculation": calculation,
            "default_denominator_is_population": per_population,
            "min_value": "0" if numeric else None, "max_value": "100" if capped else None,
            "order": position[code]}})
        target = targets.pop((code, name), None)
        if target:
            target_pk += 1
            is_yes_no = target["direction"] == "yes"
            fields = {
                "direction": target["direction"],
                "value": None if is_yes_no else format(Decimal(target["target"]).normalize(), "f"),
                "yes_no": (target["target"] == "yes") if is_yes_no else None,
                "source": target["source"]}
            records.append({"model": "kpis.target", "pk": target_pk, "fields": {"data_point": pk, **fields}})
            records.append({"model": "kpis.targetchange", "pk": target_pk, "fields": {
                "edition": 1, "data_point": pk, "before": None, "after": fields}})
    if targets:
        raise SystemExit(f"targets.csv names data points missing from the catalogue: {sorted(targets)}")
    return translated(records, read_translations(reference / "catalogue_translations.csv"), translation_key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    records = build(args.reference)
    args.output.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} records to {args.output}")


if __name__ == "__main__":
    main()
