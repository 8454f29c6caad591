"""DOCX handout: build time and size per layout, and LibreOffice page counts and conversion time.

    python benchmarks/docx_handout.py

Measured: wall time with time.perf_counter around the exporter's write (one
process; the first build also pays for loading python-docx and jieba), file
size, then one ``soffice --convert-to pdf`` call for all handouts (when
LibreOffice is installed) and each PDF's page count with pypdf.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import diglot
from diglot.exporters.docx.builder import LAYOUTS, DocxExporter, DocxOptions

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {"000": ROOT / "seeds" / "000_f186dd285a4328be.txt", "002": ROOT / "seeds" / "002_497afb8ee9508095.txt"}


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="docx-bench-"))
    built: list[Path] = []
    print(f"{'seed':5} {'layout':12} {'build s':>8} {'KiB':>6}")
    for key, seed in SEEDS.items():
        doc = diglot.load(seed)
        for layout in LAYOUTS:
            path = out / f"{key}-{layout}.docx"
            t0 = time.perf_counter()
            DocxExporter(DocxOptions(layout=layout, study=True)).write(doc, path)
            took = time.perf_counter() - t0
            built.append(path)
            print(f"{key:5} {layout:12} {took:8.2f} {path.stat().st_size / 1024:6.0f}")
    soffice = shutil.which("soffice")
    if not soffice:
        print("soffice not found: no PDF figures")
        return
    import pypdf

    t0 = time.perf_counter()
    subprocess.run(
        [soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, built)],
        check=True, capture_output=True,
    )  # fmt: skip
    took = time.perf_counter() - t0
    print(f"LibreOffice: {len(built)} handouts to PDF in one call: {took:.1f} s")
    for path in built:
        pages = len(pypdf.PdfReader(path.with_suffix(".pdf")).pages)
        print(f"  {path.stem:16} {pages:3} pages")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
