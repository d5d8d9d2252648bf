using System.Buffers.Binary;

namespace KDTalker.Model.Audio;

/// <summary>Converts interleaved WAV frames to mono floats the way soundfile + librosa do.</summary>
public static class PcmDecoder
{
    /// <summary>
    /// Decodes whole frames of <paramref name="frames"/> into <paramref name="mono"/> (one float per frame).
    /// Integers scale by 1/2^(bits-1) (8-bit: (b-128)/128); channels are averaged as float32
    /// (sum, then divide by the channel count, as numpy's mean over the channel axis).
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> frames, WavFormat format, Span<float> mono)
    {
        int blockAlign = format.BlockAlign;
        int frameCount = frames.Length / blockAlign;
        if (mono.Length < frameCount)
            throw new ArgumentException($"Destination holds {mono.Length} frames; {frameCount} are needed.", nameof(mono));
        int width = format.BytesPerSample;
        for (int frame = 0; frame < frameCount; frame++)
        {
            var block = frames.Slice(frame * blockAlign, blockAlign);
            if (format.Channels == 1)
            {
                mono[frame] = Sample(block, format.Encoding, width);
                continue;
            }
            float sum = 0f;
            for (int channel = 0; channel < format.Channels; channel++)
                sum += Sample(block[(channel * width)..], format.Encoding, width);
            mono[frame] = sum / format.Channels;
        }
    }

    private static float Sample(ReadOnlySpan<byte> bytes, WavEncoding encoding, int width)
    {
        if (encoding == WavEncoding.Float)
            return width == 4 ? BinaryPrimitives.ReadSingleLittleEndian(bytes) : (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes);
        return width switch
        {
            1 => (bytes[0] - 128) / 128f,
            2 => BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32768f,
            3 => ((bytes[0] << 8 | bytes[1] << 16 | bytes[2] << 24) >> 8) / 8388608f,
            _ => (float)(BinaryPrimitives.ReadInt32LittleEndian(bytes) / 2147483648.0),
        };
    }
}
