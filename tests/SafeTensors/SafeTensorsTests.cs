using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using KDTalker.Tensors.SafeTensors;
using KDTalker.Tests.Support;
using Xunit;

namespace KDTalker.Tests.SafeTensors;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kdtalker-st-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Reads_a_file_written_by_the_python_safetensors_library_exactly()
    {
        // norm_info.safetensors was written by Python; the norm.json we ship lists the same float32 values as decimals.
        using var file = SafeTensorsFile.Open(Fixtures.Path("norm_info.safetensors"));
        using var json = JsonDocument.Parse(typeof(KDTalker.Model.Motion.MotionNormalization).Assembly.GetManifestResourceStream("norm.json")!);
        var arrays = json.RootElement.GetProperty("arrays");
        int compared = 0;
        foreach (var array in arrays.EnumerateObject())
        {
            var expected = array.Value.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var shape = array.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            Assert.Equal(shape, file.Entry(array.Name).Shape);
            Assert.Equal(expected, file.ReadFloat32(array.Name));
            compared++;
        }
        Assert.Equal(18, compared);
        Assert.Equal(18, file.Names.Count());
    }

    [Fact]
    public void Round_trips_every_dtype_and_the_metadata()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("f32", [1.5f, -2.25f, 3e-8f, float.MaxValue, 0f, -0f], [2, 3]);
        writer.Add("f16", SafeTensorsDType.F16, [3], Bytes(2, 3, (s, i) => BinaryPrimitives.WriteHalfLittleEndian(s, (Half)(i - 0.5))));
        writer.Add("bf16", SafeTensorsDType.BF16, [2], [0x80, 0x3F, 0x20, 0xC1]); // 1.0, -10.0
        writer.Add("f64", SafeTensorsDType.F64, [1], Bytes(8, 1, (s, _) => BinaryPrimitives.WriteDoubleLittleEndian(s, Math.PI)));
        writer.Add("i64", SafeTensorsDType.I64, [2], Bytes(8, 2, (s, i) => BinaryPrimitives.WriteInt64LittleEndian(s, i == 0 ? -7 : 1L << 40)));
        writer.Add("u8", SafeTensorsDType.U8, [4], [0, 1, 200, 255]);
        writer.Add("empty", SafeTensorsDType.F32, [0, 4], []);
        writer.SetMetadata("format", "kdtalker-test");
        string path = Path.Combine(_directory, "all.safetensors");
        writer.Save(path);
        Assert.Equal(["all.safetensors"], Directory.GetFiles(_directory).Select(Path.GetFileName)); // no temporary left
        Assert.Equal(0, BitConverter.ToInt64(File.ReadAllBytes(path), 0) % 8);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(["f32", "f16", "bf16", "f64", "i64", "u8", "empty"], file.Names);
        Assert.Equal("kdtalker-test", file.Metadata["format"]);
        Assert.Equal([1.5f, -2.25f, 3e-8f, float.MaxValue, 0f, -0f], file.ReadFloat32("f32"));
        Assert.Equal([-0.5f, 0.5f, 1.5f], file.ReadFloat32("f16"));
        Assert.Equal([1f, -10f], file.ReadFloat32("bf16"));
        Assert.Equal([(float)Math.PI], file.ReadFloat32("f64"));
        Assert.Equal([-7L, 1L << 40], file.ReadInt64("i64"));
        Assert.Equal([0f, 1f, 200f, 255f], file.ReadFloat32("u8"));
        Assert.Empty(file.ReadFloat32("empty"));
        Assert.Throws<InvalidDataException>(() => file.ReadInt64("f32"));
        Assert.Contains("no tensor named 'missing'", Assert.Throws<KeyNotFoundException>(() => file.Entry("missing")).Message);

        using var backend = TestBackends.Create("Scalar/1");
        using var tensor = file.ReadTensor("f32", backend);
        Assert.Equal([2, 3], tensor.ShapeArray());
        Assert.Equal(-2.25f, tensor.ToArray()[1]);
    }

    public static TheoryData<string, string> MalformedHeaders => new()
    {
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", "claims bytes [0, 16)" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12" },
        { "{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unsupported dtype 'Q4'" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "invalid dimension" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", "needs" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", "lacks a dtype, shape or data_offsets" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", "overlap" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "names 'a' twice" },
        { "[1,2]", "not a JSON object" },
        { "{\"a\":", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void Malformed_headers_are_rejected_with_the_file_and_the_problem(string header, string problem)
    {
        string path = Path.Combine(_directory, "bad.safetensors");
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var content = new byte[8 + headerBytes.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(content, (ulong)headerBytes.Length);
        headerBytes.CopyTo(content, 8);
        File.WriteAllBytes(path, content);
        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Truncated_files_and_lying_header_lengths_are_rejected()
    {
        string shortFile = Path.Combine(_directory, "short.safetensors");
        File.WriteAllBytes(shortFile, [1, 2, 3]);
        Assert.Contains("fewer than the 8-byte header length", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(shortFile)).Message);

        string lying = Path.Combine(_directory, "lying.safetensors");
        var content = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(content, ulong.MaxValue - 3);
        File.WriteAllBytes(lying, content);
        Assert.Contains("-byte header in a 16-byte file", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(lying)).Message);

        Assert.Throws<FileNotFoundException>(() => SafeTensorsFile.Open(Path.Combine(_directory, "absent.safetensors")));
    }

    private static byte[] Bytes(int elementSize, int count, Action<Span<byte>, int> write)
    {
        var data = new byte[elementSize * count];
        for (int i = 0; i < count; i++)
            write(data.AsSpan(i * elementSize, elementSize), i);
        return data;
    }
}
