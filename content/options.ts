/**
 * Option problems and option help in the reader's language. The engine
 * reports what is wrong as data (engine/scenarios/options.ts, OptionProblem);
 * this says it in English or Chinese. A rule this table does not know falls
 * back to the engine's English sentence rather than to nothing.
 */
import type { OptionProblem } from '@/engine/scenarios/options';
import { OPTION_HELP, RULES as FLOW_RULES } from './descriptor-flow/option-help';
import { KICK_CALL_OPTION_HELP, MSIX_OPTION_HELP, PCI_RULES } from './pci/option-help';
import type { Bilingual, Lang } from './types';
import { VHOST_USER_OPTION_HELP } from './vhost-user/option-help';

/** Help for one option of a scenario, or undefined when there is none in this language. */
const HELP: Record<string, Record<string, Bilingual>> = {
  'descriptor-flow': OPTION_HELP,
  'msix-vectors': MSIX_OPTION_HELP,
  'kick-call': KICK_CALL_OPTION_HELP,
  'vhost-user': VHOST_USER_OPTION_HELP,
};

const RULES: Record<string, (p: Record<string, string | number>) => Bilingual> = { ...FLOW_RULES, ...PCI_RULES };

export function optionHelp(scenario: string, option: string, lang: Lang): string | undefined {
  const table = Object.prototype.hasOwnProperty.call(HELP, scenario) ? HELP[scenario]! : undefined;
  if (!table || !Object.prototype.hasOwnProperty.call(table, option)) return undefined;
  return table[option]![lang];
}

/** The reason alone, without the option's name (a form shows it beside the field). */
export function problemReason(p: OptionProblem, lang: Lang): string {
  const zh = lang === 'zh';
  switch (p.code) {
    case 'not-object':
      return zh ? '参数必须是一个对象' : 'options must be an object';
    case 'unknown':
      return zh ? `没有这个参数（已知的有：${p.known.join('、')}）` : `no such option (known: ${p.known.join(', ')})`;
    case 'not-int':
      return zh ? '需要一个整数' : 'expected a whole number';
    case 'range':
      return zh ? `${p.value} 不在 ${p.min}..${p.max} 之内` : `${p.value} is outside ${p.min}..${p.max}`;
    case 'pow2':
      return zh ? `${p.value} 不是 2 的幂` : `${p.value} is not a power of two`;
    case 'not-bool':
      return zh ? '需要 on/off（true/false）' : 'expected on/off (true/false)';
    case 'not-enum':
      return zh ? `只能是 ${p.values.join('、')} 之一` : `expected one of ${p.values.join(', ')}`;
    case 'rule': {
      const rule = Object.prototype.hasOwnProperty.call(RULES, p.rule) ? RULES[p.rule] : undefined;
      return rule ? rule(p.params)[lang] : p.message;
    }
  }
}

/** The whole problem in one line: which option, and why. */
export function problemText(p: OptionProblem, lang: Lang): string {
  if (p.code === 'not-object') return problemReason(p, lang);
  return lang === 'zh' ? `参数 ${p.option}：${problemReason(p, lang)}` : `option ${p.option}: ${problemReason(p, lang)}`;
}
