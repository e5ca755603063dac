"""Child process of the ingest benchmark: native readers (VTK's vtkDICOMImageReader, pydicom).
Prints one JSON line like the node children. Run with Debian's /usr/bin/python3."""
import json, os, resource, sys, time

tool, path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])


def rss_now():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def load_vtk():
    import vtk
    r = vtk.vtkDICOMImageReader()
    r.SetDirectoryName(path)
    r.Update()
    return list(r.GetOutput().GetDimensions())


def load_pydicom():
    import numpy as np
    import pydicom
    files = [pydicom.dcmread(os.path.join(path, f)) for f in os.listdir(path)]
    files.sort(key=lambda d: float(d.ImagePositionPatient[2]))
    vol = np.stack([d.pixel_array * float(getattr(d, 'RescaleSlope', 1)) + float(getattr(d, 'RescaleIntercept', 0)) for d in files])
    return [vol.shape[2], vol.shape[1], vol.shape[0]]


load = {'vtk': load_vtk, 'pydicom': load_pydicom}[tool]
if tool == 'vtk':
    import vtk  # noqa: F401 (import cost outside the timing)
else:
    import numpy, pydicom  # noqa: F401
before = rss_now()
t0 = time.perf_counter()
dims = load()
first = (time.perf_counter() - t0) * 1000
max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
best = first
for _ in range(1, repeats):
    t = time.perf_counter()
    load()
    best = min(best, (time.perf_counter() - t) * 1000)
print(json.dumps({'firstMs': first, 'bestMs': best, 'extraRss': max_rss - before, 'dims': dims}))
