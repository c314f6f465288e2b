"""The city performance benchmark sunburst: one slice per dimension, category and KPI, coloured by band."""
import xml.etree.ElementTree as ET

import pytest

from kpis import scoring
from reports import sunburst
from reports.selectors import submission_benchmark

SVG = "{http://www.w3.org/2000/svg}"


def slices(svg):
    root = ET.fromstring(svg)
    found = {"dimension": {}, "category": [], "kpi": {}}
    for path in root.iter(f"{SVG}path"):
        level = path.get("data-level")
        name = path.find(f"{SVG}title").text.split(" — ")[0]
        if level == "category":
            found["category"].append((name, path.get("fill")))
        else:
            found[level][name] = path.get("fill")
    return root, found


@pytest.mark.django_db
def test_alesund_sunburst_has_a_slice_per_dimension_category_and_kpi_in_band_colours(alesund):
    root, found = slices(submission_benchmark(alesund).svg)
    assert len(found["dimension"]) == 3
    assert len(found["category"]) == 24
    assert len(found["kpi"]) == 91
    colours = {points: state.colour for points, state in scoring.BANDS.items()}
    kpis = found["kpi"]
    assert kpis["Household Internet Access"] == colours[4]        # 96 % of 100 %
    assert kpis["Wireless Broadband Coverage"] == colours[3]      # 92.2 % of 100 %, both data points
    assert kpis["Air Pollution"] == colours[3]                    # PM10 4 pts + NO2 2 pts = 75 %
    assert kpis["Gender Income Equity"] == colours[2]
    assert kpis["Resilience Plans"] == colours[1]                 # no, where yes is the target
    assert kpis["Wireless Broadband Subscriptions"] == scoring.NO_TARGET.colour
    assert kpis["Local Food Production"] == scoring.NO_DATA.colour
    # Dimensions aggregate the points of their scored data points.
    values = alesund.values.select_related("data_point__kpi__category__dimension")
    for name, fill in found["dimension"].items():
        points = [v.band for v in values if v.data_point.kpi.category.dimension.name == name]
        assert fill == colours[scoring.aggregate(points).band], name
    # Every slice is labelled, and the labels name every KPI.
    labels = " ".join(text.text for text in root.iter(f"{SVG}text"))
    assert "Household Internet" in labels and "Society and" in labels


def test_slices_are_upright_and_cover_the_full_circle():
    tree = [sunburst.Node("Economy", band=4, children=[
        sunburst.Node("ICT", band=3, children=[sunburst.Node("A", band=3), sunburst.Node("B")]),
    ]), sunburst.Node("Environment", has_data=True, children=[sunburst.Node("Air", has_data=True, children=[
        sunburst.Node("C", has_data=True), sunburst.Node("D", band=1)])])]
    root, found = slices(sunburst.sunburst_svg(tree))
    assert found["dimension"] == {"Economy": scoring.BANDS[4].colour, "Environment": scoring.NO_TARGET.colour}
    assert found["kpi"] == {"A": scoring.BANDS[3].colour, "B": scoring.NO_DATA.colour,
                            "C": scoring.NO_TARGET.colour, "D": scoring.BANDS[1].colour}
    # Four KPIs of 90° each: the first starts at twelve o'clock, the third at six.
    paths = [p.get("d") for p in root.iter(f"{SVG}path") if p.get("data-level") == "kpi"]
    assert paths[0].startswith(f"M0 -{sunburst.KPI_EDGE}")
    assert paths[2].startswith(f"M0 {sunburst.KPI_EDGE}")
    # No style attribute anywhere: the page's Content-Security-Policy forbids them.
    assert all("style" not in element.attrib for element in root.iter())


def test_labels_on_the_left_half_are_turned_to_read_left_to_right():
    right = sunburst.radial_label("Patents", 90, 200, 7, "#000", 30)[0]
    left = sunburst.radial_label("Patents", 270, 200, 7, "#000", 30)[0]
    assert 'rotate(0)' in right and 'text-anchor="start"' in right
    assert 'rotate(360)' in left and 'text-anchor="end"' in left and 'x="-200"' in left
    assert sunburst.wrap("Integrated Building Management Systems in Public Buildings", 30) == [
        "Integrated Building Management", "Systems in Public Buildings"]
