import { describedBy, Field } from './Field';
import { ui } from './styles';

/**
 * The optional ZF frost-client contact (issue 14), on both the Create and the Join form: it is sent
 * in the custodian's signed hello, so it must be given before entering the lobby.
 */
export function FrostClientContactField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field
      id={id}
      label="Your frost-client contact (optional)"
      hint="Only if you will sign with ZF frost-client: paste what “frost-client export” printed (it starts with zffrost1). It goes to the others signed by you, so the finished key comes with a ready credentials.toml."
    >
      <input
        id={id}
        className={`${ui.input} font-mono text-sm`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={describedBy(id, true, null)}
        data-testid="frost-client-contact-input"
      />
    </Field>
  );
}
