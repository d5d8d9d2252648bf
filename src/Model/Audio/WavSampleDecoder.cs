using NAudio.Wave;

namespace KDTalker.Model.Audio;

/// <summary>
/// Interleaved WAV frames → mono floats. NAudio's sample converters scale exactly as soundfile does (integers by
/// 1/2^(bits-1), 8-bit as (b-128)/128, floats as stored); channels are then averaged as float32 (sum, then divide by
/// the channel count, as numpy's mean over the channel axis in librosa).
/// </summary>
internal sealed class WavSampleDecoder
{
    private readonly BlockProvider _block;
    private readonly ISampleProvider _samples;
    private readonly int _channels;
    private float[] _interleaved = [];

    public WavSampleDecoder(WavFormat format)
    {
        var wave = format.Encoding == WavEncoding.Float
            ? WaveFormat.CreateCustomFormat(WaveFormatEncoding.IeeeFloat, format.SampleRate, format.Channels,
                format.SampleRate * format.BlockAlign, format.BlockAlign, format.BitsPerSample)
            : new WaveFormat(format.SampleRate, format.BitsPerSample, format.Channels);
        _block = new BlockProvider(wave);
        _samples = _block.ToSampleProvider();
        _channels = format.Channels;
    }

    /// <summary>Decodes the whole frames of <paramref name="frames"/> into <paramref name="mono"/> (one float per frame); returns the frame count.</summary>
    public int Decode(ReadOnlySpan<byte> frames, Span<float> mono)
    {
        int frameCount = frames.Length / _block.WaveFormat.BlockAlign;
        if (mono.Length < frameCount)
            throw new ArgumentException($"Destination holds {mono.Length} frames; {frameCount} are needed.", nameof(mono));
        int values = frameCount * _channels;
        if (_interleaved.Length < values)
            _interleaved = new float[values];
        _block.Set(frames[..(frameCount * _block.WaveFormat.BlockAlign)]);
        var interleaved = _interleaved.AsSpan(0, values);
        for (int done = 0; done < values;)
            done += _samples.Read(interleaved[done..]);
        if (_channels == 1)
        {
            interleaved.CopyTo(mono);
            return frameCount;
        }
        for (int frame = 0; frame < frameCount; frame++)
        {
            float sum = 0f;
            for (int channel = 0; channel < _channels; channel++)
                sum += interleaved[frame * _channels + channel];
            mono[frame] = sum / _channels;
        }
        return frameCount;
    }

    /// <summary>Serves one block of bytes to NAudio's converters, which pull from an <see cref="IWaveProvider"/>.</summary>
    private sealed class BlockProvider(WaveFormat format) : IWaveProvider
    {
        private byte[] _bytes = [];
        private int _length, _position;

        public WaveFormat WaveFormat { get; } = format;

        public void Set(ReadOnlySpan<byte> block)
        {
            if (_bytes.Length < block.Length)
                _bytes = new byte[block.Length];
            block.CopyTo(_bytes);
            _length = block.Length;
            _position = 0;
        }

        public int Read(Span<byte> buffer)
        {
            int count = Math.Min(buffer.Length, _length - _position);
            _bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}
