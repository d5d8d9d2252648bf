using KDTalker.Tensors;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.Tensors;

public class TensorViewTests
{
    private static float[] Iota(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Permute_reads_elements_in_the_permuted_order(string backendName)
    {
        using var backend = TestBackends.Create(backendName);
        using var x = Ops.FromSpan(backend, Iota(24), 2, 3, 4);
        using var p = x.Permute(2, 0, 1);
        Assert.Equal(new[] { 4, 2, 3 }, p.ShapeArray());
        Assert.False(p.IsContiguous);
        var values = p.ToArray();
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++)
                    Assert.Equal(i * 12 + j * 4 + k, values[k * 6 + i * 3 + j]);
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Narrow_select_and_expand_share_storage_without_copying(string backendName)
    {
        using var backend = TestBackends.Create(backendName);
        using var x = Ops.FromSpan(backend, Iota(24), 2, 3, 4);
        using var narrow = x.Narrow(2, 1, 2);
        Assert.Same(x.Storage, narrow.Storage);
        Assert.Equal(new float[] { 1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22 }, narrow.ToArray());
        using var row = x.Select(1, 2);
        Assert.Equal(new float[] { 8, 9, 10, 11, 20, 21, 22, 23 }, row.ToArray());
        using var column = Ops.FromSpan(backend, [1f, 2f, 3f], 3, 1);
        using var expanded = column.Expand(2, 3, 4);
        Assert.Equal(0, expanded.Strides[0]);
        Assert.Equal(0, expanded.Strides[2]);
        Assert.Equal(24, expanded.ToArray().Length);
        Assert.Equal(3f, expanded.ToArray()[23]);
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Reshape_of_a_strided_view_copies_and_contiguous_view_does_not(string backendName)
    {
        using var backend = TestBackends.Create(backendName);
        using var x = Ops.FromSpan(backend, Iota(12), 3, 4);
        using var flat = x.View(-1);
        Assert.Same(x.Storage, flat.Storage);
        using var t = x.Transpose(0, 1);
        Assert.Throws<InvalidOperationException>(() => t.View(12));
        using var copied = t.Reshape(12);
        Assert.NotSame(x.Storage, copied.Storage);
        Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, copied.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestBackends.All), MemberType = typeof(TestBackends))]
    public void Copy_into_a_strided_destination_writes_only_that_view(string backendName)
    {
        using var backend = TestBackends.Create(backendName);
        using var target = Ops.Zeros(backend, 4, 5);
        using var window = target.Narrow(1, 1, 3).Transpose(0, 1);
        using var source = Ops.FromSpan(backend, Iota(12), 3, 4);
        backend.Copy(source, window);
        var values = target.ToArray();
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 5; c++)
                Assert.Equal(c is >= 1 and <= 3 ? (c - 1) * 4 + r : 0f, values[r * 5 + c]);
    }

    [Fact]
    public void Storage_is_released_only_with_its_last_view()
    {
        using var backend = TestBackends.Create("Scalar/1");
        var x = Ops.FromSpan(backend, Iota(6), 2, 3);
        var view = x.Transpose(0, 1);
        x.Dispose();
        Assert.False(view.Storage.IsReleased);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, view.ToArray());
        view.Dispose();
        Assert.True(view.Storage.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => view.Narrow(0, 0, 1));
    }

    [Fact]
    public void Bad_shapes_get_specific_errors()
    {
        using var backend = TestBackends.Create("Scalar/1");
        using var x = Ops.FromSpan(backend, Iota(6), 2, 3);
        Assert.Contains("has 5 elements", Assert.Throws<ArgumentException>(() => x.View(5)).Message);
        Assert.Contains("cannot be broadcast", Assert.Throws<ArgumentException>(() => ShapeMath.BroadcastShape([2, 3], [4])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 2));
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(17, 32)]
    [InlineData(4096, 4096)]
    [InlineData(4097, 5120)]
    [InlineData(1 << 20, 1 << 20)]
    [InlineData((1 << 20) + 1, 1310720)]
    public void Pool_size_classes_waste_at_most_a_quarter(int request, int expected)
    {
        Assert.Equal(expected, HostBufferPool.SizeClass(request));
    }
}
