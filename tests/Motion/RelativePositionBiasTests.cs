using KDTalker.Model.Motion;
using Xunit;

namespace KDTalker.Tests.Motion;

public class RelativePositionBiasTests
{
    // docs/MODULES.md §6.3's table for |n| ≤ 65, written out independently of the formula.
    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 7)]
    [InlineData(8, 8)]
    [InlineData(11, 8)]
    [InlineData(12, 9)]
    [InlineData(15, 9)]
    [InlineData(16, 10)]
    [InlineData(22, 10)]
    [InlineData(23, 11)]
    [InlineData(31, 11)]
    [InlineData(32, 12)]
    [InlineData(45, 12)]
    [InlineData(46, 13)]
    [InlineData(63, 13)]
    [InlineData(64, 14)]
    [InlineData(65, 14)]
    [InlineData(128, 15)]
    [InlineData(5000, 15)]
    public void Buckets_match_the_spec_table_and_keys_after_the_query_use_the_upper_half(int distance, int bucket)
    {
        Assert.Equal(bucket, RelativePositionBias.Bucket(distance));
        if (distance > 0)
            Assert.Equal(bucket + 16, RelativePositionBias.Bucket(-distance));
    }
}
