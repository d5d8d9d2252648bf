namespace KDTalker.Model.Motion;

/// <summary>
/// What one DDIM step saw and produced, for observers (golden checks, research): the model input
/// [identity; reference; xₜ] ((frames + 2)·70), the predicted noise of the frames (frames·70) and the sample after the step.
/// </summary>
public sealed record SamplingStep(int Index, int Timestep, float[] ModelInput, float[] NoisePrediction, float[] Sample);
