namespace KDTalker.Model.Audio;

/// <summary>Mono audio: samples in [-1, 1) at <paramref name="SampleRate"/> Hz.</summary>
/// <param name="Samples">One float per frame, channels already averaged.</param>
/// <param name="SampleRate">Frames per second.</param>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    /// <summary>Length in seconds.</summary>
    public double Duration => (double)Samples.Length / SampleRate;
}
