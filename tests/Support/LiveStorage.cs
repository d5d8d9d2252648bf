using KDTalker.Tensors;
using Xunit;

namespace KDTalker.Tests.Support;

/// <summary>
/// Leak checks on <see cref="IBackend.LiveStorages"/>: a backend must hold as many storages after a piece of work
/// as before it. The counter is per backend instance, so tests running in parallel on their own backends do not
/// disturb each other.
/// </summary>
public static class LiveStorage
{
    /// <summary>Asserts that <paramref name="backend"/> is back at <paramref name="start"/> live storages.</summary>
    public static void AssertReturned(IBackend backend, long start, string after)
    {
        long live = backend.LiveStorages;
        Assert.True(live == start, $"{backend.Name} backend: {live - start} storage(s) still live after {after} (started at {start}, now {live}): a tensor was not disposed.");
    }
}

/// <summary>
/// Base of the op test classes: every backend a test creates through <see cref="CreateBackend"/> or
/// <see cref="Track{T}"/> must be back at its start count when the test ends (xunit disposes the class instance
/// after each test, after the test's own <c>using</c>s; the counter stays readable after a backend is disposed).
/// </summary>
public abstract class StorageCheckedTests : IDisposable
{
    private readonly List<(IBackend Backend, long Start)> _tracked = [];

    /// <summary>A backend from <see cref="TestBackends.Create"/>, checked when the test ends.</summary>
    protected IBackend CreateBackend(string name) => Track(TestBackends.Create(name));

    /// <summary>Checks <paramref name="backend"/> from now until the test ends.</summary>
    protected T Track<T>(T backend) where T : IBackend
    {
        _tracked.Add((backend, backend.LiveStorages));
        return backend;
    }

    /// <summary>Resources of the test class itself, released after the check.</summary>
    protected virtual void DisposeResources()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            foreach (var (backend, start) in _tracked)
                LiveStorage.AssertReturned(backend, start, "the test");
        }
        finally
        {
            DisposeResources();
            GC.SuppressFinalize(this);
        }
    }
}
