import type { ButtonHTMLAttributes } from 'react';
import { Icon } from './Icon';

interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon: string;
  /** The accessible name; icon-only buttons have no visible text. */
  label: string;
  testId?: string;
}

/** A square toolbar button showing only an icon, named for screen readers and tooltips. */
export function IconButton({ icon, label, title, testId, className, ...rest }: IconButtonProps) {
  return (
    <button
      type="button"
      className={className ? `icon-button ${className}` : 'icon-button'}
      aria-label={label}
      title={title ?? label}
      data-testid={testId}
      {...rest}
    >
      <Icon name={icon} />
    </button>
  );
}
