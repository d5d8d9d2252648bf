namespace KDTalker.Tests.Support;

/// <summary>Files under tests/fixtures, copied next to the test assembly at build time.</summary>
public static class Fixtures
{
    public static string Path(string name)
    {
        string path = System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Test fixture missing: {path}", path);
    }
}
