using EcommerceLake.Contracts;

namespace EcommerceLake.Hosting.Steps;

/// <summary>
/// Tells what kind of failure one exception is. A service registers its own classifiers for its own exceptions
/// (<see cref="StepFailureRegistration.AddFailureClassifier{T}"/>); <see cref="FailureClassification"/> asks them
/// before the platform-wide <see cref="CommonFailureClassifier"/>.
/// </summary>
public interface IFailureClassifier
{
    /// <summary>
    /// The kind of <paramref name="exception"/> itself (not of its inner exceptions, which are asked in turn), or
    /// null when this classifier does not know it. <see cref="FailureKind.Transient"/> means "let the bus retry".
    /// </summary>
    FailureKind? Classify(Exception exception);
}

/// <summary>
/// Classifies a step's exception: walks the exception and its inner exceptions, outermost first (the inner
/// exceptions of an <see cref="AggregateException"/> each in turn), asks every registered
/// <see cref="IFailureClassifier"/> and then <see cref="CommonFailureClassifier"/>; the first answer wins. An
/// exception nobody knows is <see cref="FailureKind.Internal"/>.
/// </summary>
public sealed class FailureClassification(IEnumerable<IFailureClassifier> classifiers)
{
    private const int MaxDepth = 16;
    private readonly IFailureClassifier[] _classifiers = [.. classifiers, new CommonFailureClassifier()];

    /// <summary>The kind of <paramref name="exception"/>; never null.</summary>
    public FailureKind Classify(Exception exception) => Find(exception, 0) ?? FailureKind.Internal;

    /// <summary>True when <paramref name="exception"/> is <see cref="FailureKind.Transient"/>.</summary>
    public bool IsTransient(Exception exception) => Classify(exception) == FailureKind.Transient;

    private FailureKind? Find(Exception exception, int depth)
    {
        if (depth > MaxDepth) return null;
        foreach (var classifier in _classifiers)
            if (classifier.Classify(exception) is { } kind) return kind;
        if (exception is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
                if (Find(inner, depth + 1) is { } kind) return kind;
            return null;
        }
        return exception.InnerException is { } next ? Find(next, depth + 1) : null;
    }
}
